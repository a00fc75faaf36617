import { EMULATOR_MODEL } from '../model/emulator-model';
import type { ServiceConstraints } from '../model/model-types';
import { formatViolations, validateInput } from './input-validator';

const service: ServiceConstraints = {
  targetPrefix: 'Test',
  errors: {},
  operations: { Put: { input: 'PutRequest' } },
  shapes: {
    PutRequest: {
      type: 'structure',
      members: {
        Name: { shape: 'NameType', required: true },
        Count: { shape: 'CountType' },
        Items: { shape: 'ItemList' },
        Labels: { shape: 'LabelMap' },
        Mode: { shape: 'ModeType' },
        Enabled: { shape: 'Bool' },
      },
    },
    NameType: { type: 'string', length: { min: 1, max: 5 }, pattern: '^[\\p{L}]+$' },
    CountType: { type: 'integer', range: { min: 0, max: 10 } },
    ItemList: { type: 'list', member: 'Item', length: { max: 2 } },
    Item: { type: 'structure', members: { Id: { shape: 'NameType', required: true } } },
    LabelMap: { type: 'map', key: 'NameType', value: 'NameType' },
    ModeType: { type: 'string', enum: ['ON', 'OFF'] },
    Bool: { type: 'boolean' },
  },
};

describe('validateInput', () => {
  it('accepts valid input, including Unicode letters via \\p classes', () => {
    expect(
      validateInput(service, 'Put', { Name: 'Zoë', Count: 3, Items: [{ Id: 'a' }], Mode: 'ON' }),
    ).toEqual({
      violations: [],
      serializationError: undefined,
    });
  });

  it('reports a missing required member in AWS form', () => {
    const { violations } = validateInput(service, 'Put', {});
    expect(formatViolations(violations)).toBe(
      "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null",
    );
  });

  it('collects every violation with paths into lists and maps', () => {
    const { violations } = validateInput(service, 'Put', {
      Name: 'toolong',
      Count: 11,
      Items: [{ Id: 'ok' }, {}, { Id: 'x' }],
      Labels: { 'b k': 'v' },
      Mode: 'MAYBE',
    });
    expect(violations).toEqual([
      "Value 'toolong' at 'name' failed to satisfy constraint: Member must have length less than or equal to 5",
      "Value '11' at 'count' failed to satisfy constraint: Member must have value less than or equal to 10",
      expect.stringContaining(
        "at 'items' failed to satisfy constraint: Member must have length less than or equal to 2",
      ),
      "Value null at 'items.2.member.id' failed to satisfy constraint: Member must not be null",
      "Value 'b k' at 'labels.b k.key' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[\\p{L}]+$",
      "Value 'MAYBE' at 'mode' failed to satisfy constraint: Member must satisfy enum value set: [ON, OFF]",
    ]);
    expect(formatViolations(violations)).toMatch(/^6 validation errors detected: /);
  });

  it('reports wrong member types as a serialization error', () => {
    expect(validateInput(service, 'Put', { Name: 'a', Count: 'three' }).serializationError).toBeDefined();
    expect(validateInput(service, 'Put', { Name: 'a', Count: 1.5 }).serializationError).toBeDefined();
    expect(validateInput(service, 'Put', { Name: 'a', Enabled: 'yes' }).serializationError).toBeDefined();
    expect(validateInput(service, 'Put', { Name: 'a', Items: {} }).serializationError).toBeDefined();
    expect(validateInput(service, 'Put', { Name: ['a'] }).serializationError).toBeDefined();
  });

  it('applies the generated Cognito constraints', () => {
    const idp = EMULATOR_MODEL['cognito-idp'];
    expect(
      validateInput(idp, 'CreateGroup', { UserPoolId: 'us-east-1_abc', GroupName: 'admins' }).violations,
    ).toEqual([]);
    expect(validateInput(idp, 'ListUserPools', { MaxResults: 61 }).violations).toEqual([
      "Value '61' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 60",
    ]);
    expect(
      validateInput(idp, 'CreateUserPoolDomain', { UserPoolId: 'us-east-1_abc', Domain: 'auth.acme.example' })
        .violations,
    ).toEqual([]);
    const identity = EMULATOR_MODEL['cognito-identity'];
    expect(validateInput(identity, 'ListIdentityPools', {}).violations).toHaveLength(1);
  });

  it('ignores unknown operations and members', () => {
    expect(validateInput(service, 'Nope', { anything: 1 }).violations).toEqual([]);
    expect(validateInput(service, 'Put', { Name: 'a', Extra: { deep: true } }).violations).toEqual([]);
  });
});
