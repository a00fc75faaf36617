import {
  DescribeRiskConfigurationCommand,
  DescribeUserPoolCommand,
  SetRiskConfigurationCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { TenantService } from '@idplane/tenancy';
import { ReconcileHarness, startReconcileHarness } from '../support/reconcile-harness';

const risk = {
  compromisedCredentials: 'BLOCK',
  accountTakeover: { low: 'NO_ACTION', medium: 'MFA_IF_CONFIGURED', high: 'BLOCK' },
};

/** SHARED_POOL_THREAT_PROTECTION: shards with threat protection, and a risk configuration per shared tenant's client. */
describe('risk configuration of SHARED_POOL tenants (real Postgres, SDK, emulator)', () => {
  let harness: ReconcileHarness;

  beforeAll(async () => {
    harness = await startReconcileHarness('shared_risk', 'risk');
  });
  afterAll(() => harness?.close());

  const withProtection = () =>
    new TenantService(harness.store, { defaultRegion: 'us-east-1', sharedPoolThreatProtection: 'AUDIT' });
  const shardOf = async (tenantId: string) => {
    const tenant = (await harness.store.findById(tenantId))!;
    const { UserPool } = await harness.sdk.send(
      new DescribeUserPoolCommand({ UserPoolId: tenant.cognito.userPoolId! }),
    );
    return { tenant, pool: UserPool! };
  };

  it('refuses a shared tenant a risk configuration while the shards have no threat protection, writing nothing', async () => {
    await expect(
      (async () =>
        harness.tenants.createTenant({
          slug: 'no-risk',
          displayName: 'No risk',
          isolationModel: 'SHARED_POOL',
          riskConfiguration: risk,
        }))(),
    ).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      issues: [
        expect.objectContaining({
          field: 'input.riskConfiguration',
          message: expect.stringMatching(/SHARED_POOL_THREAT_PROTECTION/),
        }),
      ],
    });
    expect(await harness.store.findBySlug('no-risk')).toBeNull();
  });

  it("turns threat protection on in an existing shard and sets the tenant's risk configuration on its own client", async () => {
    // A shard made before the setting: ESSENTIALS, no threat protection.
    const early = await harness.tenants.createTenant({
      slug: 'early',
      displayName: 'Early',
      isolationModel: 'SHARED_POOL',
    });
    expect((await harness.reconciler().reconcile(early.id, 'create')).outcome).toBe('synced');
    expect((await shardOf(early.id)).pool.UserPoolAddOns?.AdvancedSecurityMode ?? 'OFF').toBe('OFF');

    const tenants = withProtection();
    const reconciler = harness.reconciler({ sharedPoolThreatProtection: 'AUDIT' });
    const guarded = await tenants.createTenant({
      slug: 'guarded',
      displayName: 'Guarded',
      isolationModel: 'SHARED_POOL',
      riskConfiguration: risk,
    });
    const report = await reconciler.reconcile(guarded.id, 'create');
    expect(report.outcome).toBe('synced');
    expect(report.plan.map((s) => `${s.action} ${s.resource}`)).toContain('create RiskConfiguration');
    const { tenant, pool } = await shardOf(guarded.id);
    expect(pool.Id).toBe((await shardOf(early.id)).pool.Id);
    expect(pool).toMatchObject({ UserPoolTier: 'PLUS', UserPoolAddOns: { AdvancedSecurityMode: 'AUDIT' } });
    const { RiskConfiguration } = await harness.sdk.send(
      new DescribeRiskConfigurationCommand({ UserPoolId: pool.Id!, ClientId: tenant.cognito.appClientId! }),
    );
    expect(RiskConfiguration).toMatchObject({
      ClientId: tenant.cognito.appClientId,
      CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: 'BLOCK' } },
    });
    // Only the tenant that asked has one: the other tenant's client is untouched.
    const { RiskConfiguration: other } = await harness.sdk.send(
      new DescribeRiskConfigurationCommand({
        UserPoolId: pool.Id!,
        ClientId: (await shardOf(early.id)).tenant.cognito.appClientId!,
      }),
    );
    expect(other?.CompromisedCredentialsRiskConfiguration).toBeUndefined();

    for (const id of [guarded.id, early.id])
      expect(await reconciler.reconcile(id, 'manual')).toMatchObject({ plan: [], mutatingCalls: 0 });
    // The drift sweep reads the shard's client risk configurations too: in sync is no drift, a change is.
    expect((await reconciler.scanForDrift([guarded.id, early.id])).drifted).toEqual([]);
    await harness.sdk.send(
      new SetRiskConfigurationCommand({
        UserPoolId: pool.Id!,
        ClientId: tenant.cognito.appClientId!,
        CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: 'NO_ACTION' } },
      }),
    );
    expect((await reconciler.scanForDrift([guarded.id, early.id])).drifted).toEqual([guarded.id]);
    expect(await reconciler.reconcile(guarded.id, 'drift-sweep')).toMatchObject({
      outcome: 'drift-corrected',
    });

    // Removing it clears the client's own configuration.
    const removed = await tenants.updateTenantSpec(guarded.id, { riskConfiguration: null }, tenant.version);
    const cleared = await reconciler.reconcile(removed.id, 'update');
    expect(cleared.plan.map((s) => `${s.action} ${s.resource}`)).toEqual(['delete RiskConfiguration']);
    expect(await reconciler.reconcile(removed.id, 'manual')).toMatchObject({ plan: [], mutatingCalls: 0 });
  });
});
