import {
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import constraints from '../../apps/cognito-emulator/src/model/constraints.generated.json';
import { startHarness, type Harness } from './emulator-harness';

interface Shape {
  type: string;
  members?: Record<string, { shape: string; required?: boolean }>;
  member?: string;
  key?: string;
  value?: string;
  enum?: string[];
  length?: { min?: number; max?: number };
  range?: { min?: number; max?: number };
}
interface Service {
  targetPrefix: string;
  operations: Record<string, { input: string }>;
  shapes: Record<string, Shape>;
}
const model = constraints as unknown as Record<string, Service>;

const AUTH = (service: string) =>
  `AWS4-HMAC-SHA256 Credential=AKID/20250101/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=x`;

/** A value of the right JSON type for a shape; `filled` decides whether optional members are set too. */
function sample(
  service: Service,
  shapeName: string,
  filled: boolean,
  ids: Record<string, string>,
  depth = 0,
): unknown {
  const shape = service.shapes[shapeName];
  if (!shape) return 'x';
  switch (shape.type) {
    case 'structure': {
      const out: Record<string, unknown> = {};
      if (depth > 4) return out;
      for (const [name, member] of Object.entries(shape.members ?? {})) {
        if (ids[name]) out[name] = ids[name];
        else if (member.required || filled) out[name] = sample(service, member.shape, filled, ids, depth + 1);
      }
      return out;
    }
    case 'list':
      return depth > 4 ? [] : [sample(service, shape.member!, filled, ids, depth + 1)];
    case 'map':
      return { k: sample(service, shape.value!, filled, ids, depth + 1) };
    case 'string':
      return shape.enum ? shape.enum[0] : 'x'.repeat(Math.max(1, shape.length?.min ?? 1));
    case 'integer':
    case 'long':
    case 'double':
      return shape.range?.min ?? 1;
    case 'boolean':
      return true;
    case 'timestamp':
      return 0;
    default:
      return 'x';
  }
}

describe('robustness: odd but well-typed input never makes the emulator fail', () => {
  let harness: Harness;
  let ids: Record<string, string>;

  beforeAll(async () => {
    harness = await startHarness();
    const idp = harness.idp();
    const pool = await idp.send(new CreateUserPoolCommand({ PoolName: 'fuzz' }));
    const client = await idp.send(
      new CreateUserPoolClientCommand({ UserPoolId: pool.UserPool!.Id!, ClientName: 'c' }),
    );
    ids = {
      UserPoolId: pool.UserPool!.Id!,
      ClientId: client.UserPoolClient!.ClientId!,
      ResourceArn: pool.UserPool!.Arn!,
    };
  });
  afterAll(() => harness.close());

  const cases: [string, string, string][] = [];
  for (const [service, definition] of Object.entries(model)) {
    for (const operation of Object.keys(definition.operations))
      cases.push([service, definition.targetPrefix, operation]);
  }

  it.each(cases)('%s %s.%s', async (service, prefix, operation) => {
    const definition = model[service];
    const input = definition.operations[operation].input;
    const bodies = [
      {},
      sample(definition, input, false, {}),
      sample(definition, input, false, ids),
      sample(definition, input, true, ids),
      { ...(sample(definition, input, true, ids) as object), Unexpected: { nested: [1, 2, 3] } },
    ];
    for (const body of bodies) {
      const response = await fetch(`${harness.url}/`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': `${prefix}.${operation}`,
          authorization: AUTH(service),
        },
        body: JSON.stringify(body),
      });
      const payload = (await response.json()) as { __type?: string; message?: string };
      if (response.status >= 500)
        throw new Error(`${operation} ${JSON.stringify(body)} → ${JSON.stringify(payload)}`);
      expect([200, 400]).toContain(response.status);
    }
    const calls = await harness.admin<Record<string, Record<string, number>>>('GET', 'calls');
    expect(calls[operation]?.InternalErrorException).toBeUndefined();
  });

  it('still serves normal calls and a consistent state afterwards', async () => {
    const state = await harness.admin<{ regions: Record<string, { userPools: Record<string, unknown> }> }>(
      'GET',
      'state',
    );
    // DeleteUserPool ran with the real id, so the pool may be gone; what matters is that the state still reads.
    expect(typeof state.regions['us-east-1'].userPools).toBe('object');
    await expect(harness.idp().send(new CreateUserPoolCommand({ PoolName: 'after' }))).resolves.toBeDefined();
  });
});
