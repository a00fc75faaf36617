import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildEmulatorModel } from './model-constraints.builder';

const repoRoot = join(__dirname, '../../..');
const modelDir = join(repoRoot, '../shared/aws-models');
const generated = join(repoRoot, 'apps/cognito-emulator/src/model/constraints.generated.json');

describe('model constraints', () => {
  (existsSync(modelDir) ? it : it.skip)(
    'the checked-in constraints match the Smithy models (regenerate if not)',
    () => {
      const checkedIn = JSON.parse(readFileSync(generated, 'utf8')) as unknown;
      expect(buildEmulatorModel(modelDir)).toEqual(checkedIn);
    },
  );

  (existsSync(modelDir) ? it : it.skip)('keeps required members, ranges and enums', () => {
    const model = buildEmulatorModel(modelDir);
    const createGroup = model['cognito-idp'].shapes.CreateGroupRequest;
    expect(createGroup).toMatchObject({
      type: 'structure',
      members: { GroupName: { required: true }, UserPoolId: { required: true } },
    });
    expect(model['cognito-idp'].shapes.PoolQueryLimitType).toEqual({
      type: 'integer',
      range: { min: 1, max: 60 },
    });
    expect(model['cognito-idp'].operations.InitiateAuth.authOptional).toBe(true);
    expect(model['cognito-idp'].errors.InternalErrorException).toBe(500);
    expect(model['cognito-identity'].shapes.RoleMappingType).toEqual({
      type: 'string',
      enum: ['Token', 'Rules'],
    });
  });
});
