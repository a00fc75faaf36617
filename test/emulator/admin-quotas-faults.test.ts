import {
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeUserPoolCommand,
  ListGroupsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectAwsError, startHarness, type AwsErrorShape, type Harness } from './emulator-harness';

type Calls = Record<string, Record<string, number>>;

async function settle(calls: Promise<unknown>[]): Promise<{ ok: number; errors: AwsErrorShape[] }> {
  const results = await Promise.allSettled(calls);
  return {
    ok: results.filter((r) => r.status === 'fulfilled').length,
    errors: results
      .filter((r): r is PromiseRejectedResult => r.status === 'rejected')
      .map((r) => r.reason as AwsErrorShape),
  };
}

describe('admin API, quotas and faults', () => {
  let harness: Harness;

  beforeEach(async () => {
    harness = await startHarness();
  });
  afterEach(() => harness.close());

  it('dumps and resets state, counts calls per operation and outcome', async () => {
    const idp = harness.idp();
    const { UserPool } = await idp.send(new CreateUserPoolCommand({ PoolName: 'dump' }));
    await expectAwsError(idp.send(new DescribeUserPoolCommand({ UserPoolId: 'us-east-1_missing1' })));
    const state = await harness.admin<{ regions: Record<string, { userPools: Record<string, unknown> }> }>(
      'GET',
      'state',
    );
    expect(Object.keys(state.regions['us-east-1'].userPools)).toEqual([UserPool!.Id]);
    const calls = await harness.admin<Calls>('GET', 'calls');
    expect(calls).toEqual({ CreateUserPool: { ok: 1 }, DescribeUserPool: { ResourceNotFoundException: 1 } });
    await harness.admin('POST', 'calls/reset');
    expect(await harness.admin<Calls>('GET', 'calls')).toEqual({});
    await harness.admin('POST', 'reset');
    const gone = await expectAwsError(idp.send(new DescribeUserPoolCommand({ UserPoolId: UserPool!.Id! })));
    expect(gone.name).toBe('ResourceNotFoundException');
  });

  it('rejects bad admin input', async () => {
    await expect(harness.admin('POST', 'faults', { errorRate: 2 })).rejects.toThrow(/400/);
    await expect(harness.admin('POST', 'quotas', { scale: -1 })).rejects.toThrow(/400/);
    await expect(harness.admin('GET', 'nope')).rejects.toThrow(/404/);
  });

  it('throttles past the per-account rate with TooManyRequestsException', async () => {
    const idp = harness.idp();
    const { UserPool } = await idp.send(new CreateUserPoolCommand({ PoolName: 'quota' }));
    await harness.admin('POST', 'quotas', { enabled: true, scale: 1 });
    const { ok, errors } = await settle(
      Array.from({ length: 100 }, () => idp.send(new DescribeUserPoolCommand({ UserPoolId: UserPool!.Id! }))),
    );
    expect(ok).toBeGreaterThanOrEqual(15);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0].name).toBe('TooManyRequestsException');
    expect(errors[0].message).toBe('Too many requests');
    expect(errors[0].$metadata.httpStatusCode).toBe(400);
    const calls = await harness.admin<Calls>('GET', 'calls');
    expect(calls.DescribeUserPool.TooManyRequestsException).toBe(errors.length);
  });

  it('applies the 5 RPS per-pool limit independently per pool', async () => {
    const idp = harness.idp();
    const a = (await idp.send(new CreateUserPoolCommand({ PoolName: 'a' }))).UserPool!.Id!;
    const b = (await idp.send(new CreateUserPoolCommand({ PoolName: 'b' }))).UserPool!.Id!;
    await harness.admin('POST', 'quotas', { enabled: true });
    const { ok, errors } = await settle(
      Array.from({ length: 30 }, () => idp.send(new ListGroupsCommand({ UserPoolId: a }))),
    );
    expect(ok).toBeLessThan(30);
    expect(errors.every((e) => e.name === 'TooManyRequestsException')).toBe(true);
    await expect(idp.send(new ListGroupsCommand({ UserPoolId: b }))).resolves.toBeDefined();
  });

  it('lets the SDK retry throttled calls until they pass the quota', async () => {
    const quick = harness.idp();
    const { UserPool } = await quick.send(new CreateUserPoolCommand({ PoolName: 'retry' }));
    // 0.2 × 15 RPS: three tokens, refilled at three per second, for ten concurrent callers.
    await harness.admin('POST', 'quotas', { enabled: true, scale: 0.2 });
    const patient = harness.idp('us-east-1', 10);
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        patient.send(new DescribeUserPoolCommand({ UserPoolId: UserPool!.Id! })),
      ),
    );
    expect(results.every((r) => r.UserPool!.Id === UserPool!.Id)).toBe(true);
    const attempts = results.reduce((sum, r) => sum + (r.$metadata.attempts ?? 1), 0);
    expect(attempts).toBeGreaterThan(10);
    const calls = await harness.admin<Calls>('GET', 'calls');
    expect(calls.DescribeUserPool.ok).toBe(10);
    expect(calls.DescribeUserPool.TooManyRequestsException).toBe(attempts - 10);
  }, 60_000);

  it('lets the SDK retry through injected throttling once it stops', async () => {
    const idp = harness.idp('us-east-1', 5);
    const { UserPool } = await idp.send(new CreateUserPoolCommand({ PoolName: 'retry-fault' }));
    await harness.admin('POST', 'faults', { operation: 'DescribeUserPool', throttleRate: 1 });
    const pending = idp.send(new DescribeUserPoolCommand({ UserPoolId: UserPool!.Id! }));
    // Lift the fault once the first attempt has been refused.
    for (;;) {
      const calls = await harness.admin<Calls>('GET', 'calls');
      if ((calls.DescribeUserPool?.TooManyRequestsException ?? 0) >= 1) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await harness.admin('POST', 'faults/reset');
    const result = await pending;
    expect(result.UserPool!.Id).toBe(UserPool!.Id);
    expect(result.$metadata.attempts).toBeGreaterThan(1);
  }, 30_000);

  it('injects forced throttling and internal errors, which the SDK retries', async () => {
    const idp = harness.idp('us-east-1', 3);
    const { UserPool } = await idp.send(new CreateUserPoolCommand({ PoolName: 'faulty' }));
    await harness.admin('POST', 'faults', { operation: 'CreateGroup', throttleRate: 1 });
    const throttled = await expectAwsError(
      idp.send(new CreateGroupCommand({ UserPoolId: UserPool!.Id!, GroupName: 'g' })),
    );
    expect(throttled.name).toBe('TooManyRequestsException');
    expect((throttled.$metadata as { attempts?: number }).attempts).toBe(3);

    await harness.admin('POST', 'faults/reset');
    await harness.admin('POST', 'faults', { operation: '*', errorRate: 1 });
    const internal = await expectAwsError(
      idp.send(new CreateUserPoolClientCommand({ UserPoolId: UserPool!.Id!, ClientName: 'c' })),
    );
    expect(internal.name).toBe('InternalErrorException');
    expect(internal.$metadata.httpStatusCode).toBe(500);
    const calls = await harness.admin<Calls>('GET', 'calls');
    expect(calls.CreateGroup).toEqual({ TooManyRequestsException: 3 });
    expect(calls.CreateUserPoolClient).toEqual({ InternalErrorException: 3 });

    await harness.admin('POST', 'faults/reset');
    await harness.admin('POST', 'faults', { operation: 'ListGroups', latencyMs: 5, jitterMs: 5 });
    await expect(idp.send(new ListGroupsCommand({ UserPoolId: UserPool!.Id! }))).resolves.toBeDefined();
    expect(await harness.admin('GET', 'faults')).toEqual({ ListGroups: { latencyMs: 5, jitterMs: 5 } });
  });

  it('enforces resource quotas with LimitExceededException', async () => {
    const idp = harness.idp();
    await harness.admin('POST', 'quotas', { limits: { groupsPerPool: 2, userPoolsPerAccount: 2 } });
    const { UserPool } = await idp.send(new CreateUserPoolCommand({ PoolName: 'limits' }));
    await idp.send(new CreateGroupCommand({ UserPoolId: UserPool!.Id!, GroupName: 'g1' }));
    await idp.send(new CreateGroupCommand({ UserPoolId: UserPool!.Id!, GroupName: 'g2' }));
    const groups = await expectAwsError(
      idp.send(new CreateGroupCommand({ UserPoolId: UserPool!.Id!, GroupName: 'g3' })),
    );
    expect(groups.name).toBe('LimitExceededException');
    await idp.send(new CreateUserPoolCommand({ PoolName: 'second' }));
    const pools = await expectAwsError(idp.send(new CreateUserPoolCommand({ PoolName: 'third' })));
    expect(pools.name).toBe('LimitExceededException');
  });
});

describe('state file persistence', () => {
  it('keeps pools across restarts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cognito-emulator-'));
    const file = join(dir, 'state.json');
    try {
      const first = await startHarness(file);
      const { UserPool } = await first.idp().send(new CreateUserPoolCommand({ PoolName: 'persisted' }));
      await first.close();
      const second = await startHarness(file);
      const { UserPool: again } = await second
        .idp()
        .send(new DescribeUserPoolCommand({ UserPoolId: UserPool!.Id! }));
      expect(again!.Name).toBe('persisted');
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
