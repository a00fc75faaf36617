import {
  CognitoIdentityProviderClient,
  DescribeUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { CREATE_TENANT, graphql } from '../support/graphql-client';
import { firstSubscriptionMessage } from '../support/graphql-ws-client';
import { eventually, tenantSettled } from '../support/processes';
import { startTestStack, TestStack } from '../support/test-stack';
import { emulatorSdk } from '../support/cognito-sdk';
import { verifyWebhookSignature, WEBHOOK_SIGNATURE_HEADER } from '@idplane/messaging';
import { postOnboardingEvent } from '../support/onboarding-webhook-client';
import { startWebhookReceiver, WebhookReceiver } from '../support/webhook-receiver';

const BILLING_SECRET = `billing-${'e2e'.repeat(12)}`;

jest.setTimeout(120_000);

interface View {
  id: string;
  status: string;
  generation: number;
  observedGeneration: number;
  version: number;
  displayName: string;
  cognito: { userPoolId: string | null };
}

const VIEW = `query($id: ID!) { tenant(id: $id) { id status generation observedGeneration version displayName cognito { userPoolId } } }`;

/** A tenant's life as the portal drives it over HTTP: live status, spec change, plan, runs, deletion. */
describe('tenant lifecycle through GraphQL, the worker and the emulator', () => {
  let stack: TestStack;
  let cognito: CognitoIdentityProviderClient;
  let receiver: WebhookReceiver;
  const gql = <T>(query: string, variables: Record<string, unknown> = {}) =>
    graphql<T>(stack.apiUrl, query, variables, stack.token);
  const view = async (id: string) => (await gql<{ tenant: View }>(VIEW, { id })).data!.tenant;
  const settled = (id: string, status: string) => tenantSettled(() => view(id), status, id);

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    stack = await startTestStack('e2e-lifecycle', {
      WEBHOOK_SECRETS: `billing:${BILLING_SECRET}`,
      WEBHOOK_EVENT_URLS: `billing=${receiver.url}`,
    });
    cognito = emulatorSdk(stack.emulatorUrl);
  });

  afterAll(async () => {
    cognito?.destroy();
    await stack?.stop();
    await receiver?.close();
  });

  it('streams status, applies a spec change, previews an empty plan, lists runs and deletes the pool', async () => {
    const created = await gql<{ createTenant: { tenant: View } }>(CREATE_TENANT, {
      input: { slug: 'lifecycle', displayName: 'Lifecycle', isolationModel: 'DEDICATED_POOL' },
    });
    const id = created.data!.createTenant.tenant.id;

    // The portal's live view: the worker's record of the tenant arrives over graphql-ws.
    const live = await firstSubscriptionMessage<{ tenantStatusChanged: { status: string } }>(
      `${stack.apiUrl.replace('http', 'ws')}/graphql`,
      stack.token,
      'subscription($t: ID!) { tenantStatusChanged(tenantId: $t) { status observedGeneration } }',
      { t: id },
      () => gql('mutation($id: ID!) { reconcileTenant(id: $id) { generation } }', { id }),
    );
    expect(live.errors).toBeUndefined();
    expect(['PROVISIONING', 'ACTIVE']).toContain(live.data!.tenantStatusChanged.status);

    const active = await settled(id, 'ACTIVE');
    const updated = await gql<{ updateTenant: { tenant: View } }>(
      'mutation($id: ID!, $v: Int!) { updateTenant(id: $id, expectedVersion: $v, input: { displayName: "Lifecycle 2", mfa: OPTIONAL }) { tenant { generation } } }',
      { id, v: active.version },
    );
    expect(updated.errors).toBeUndefined();
    const after = await settled(id, 'ACTIVE');
    expect(after.generation).toBe(active.generation + 1);
    const pool = await cognito.send(new DescribeUserPoolCommand({ UserPoolId: after.cognito.userPoolId! }));
    expect(pool.UserPool?.MfaConfiguration).toBe('OPTIONAL');

    const plan = await gql<{ tenantPlan: { plan: unknown[]; drift: boolean } }>(
      'query($id: ID!) { tenantPlan(id: $id) { plan { action resource name } drift } }',
      { id },
    );
    expect(plan.errors).toBeUndefined();
    expect(plan.data!.tenantPlan).toEqual({ plan: [], drift: false });

    const runs = await gql<{
      tenant: { reconcileRuns: { edges: { node: { generation: number; outcome: string } }[] } };
    }>(
      'query($id: ID!) { tenant(id: $id) { reconcileRuns(first: 10) { edges { node { generation outcome mutatingCalls } } } } }',
      { id },
    );
    expect(runs.data!.tenant.reconcileRuns.edges.map((e) => e.node.generation)).toContain(after.generation);

    const deleted = await gql<{ deleteTenant: { tenant: View } }>(
      'mutation($id: ID!, $v: Int!) { deleteTenant(id: $id, expectedVersion: $v) { tenant { status } } }',
      { id, v: after.version },
    );
    expect(deleted.errors).toBeUndefined();
    await eventually(
      async () => ((await view(id)).status === 'DELETED' ? true : undefined),
      60_000,
      'DELETED',
    );
    await expect(
      cognito.send(new DescribeUserPoolCommand({ UserPoolId: after.cognito.userPoolId! })),
    ).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });

  it('provisions, changes, suspends and resumes a tenant from signed billing webhooks, all reconciled', async () => {
    let sequence = 0;
    const send = async (type: string, tenant: Record<string, unknown>) => {
      const res = await postOnboardingEvent(stack.apiUrl, 'billing', BILLING_SECRET, {
        id: `evt_e2e_${++sequence}`,
        type,
        occurredAt: new Date(Date.now() - 60_000 + sequence).toISOString(),
        tenant,
      });
      expect(res.status).toBe(200);
      return res.body as { outcome: string; tenantId: string };
    };
    const created = await send('tenant.provision', {
      slug: 'billed',
      displayName: 'Billed',
      isolationModel: 'DEDICATED_POOL',
    });
    expect(created.outcome).toBe('created');
    await settled(created.tenantId, 'ACTIVE');
    expect((await send('tenant.update', { slug: 'billed', mfa: 'OPTIONAL' })).outcome).toBe('updated');
    const updated = await settled(created.tenantId, 'ACTIVE');
    const pool = await cognito.send(new DescribeUserPoolCommand({ UserPoolId: updated.cognito.userPoolId! }));
    expect(pool.UserPool?.MfaConfiguration).toBe('OPTIONAL');

    expect((await send('tenant.suspend', { slug: 'billed' })).outcome).toBe('suspended');
    await settled(created.tenantId, 'SUSPENDED');
    expect((await send('tenant.resume', { slug: 'billed' })).outcome).toBe('resumed');
    await settled(created.tenantId, 'ACTIVE');

    // And billing hears back: a signed tenant.status_changed event for each settled status.
    const statuses = () =>
      receiver.received
        .filter(
          (r) =>
            verifyWebhookSignature(
              r.headers[WEBHOOK_SIGNATURE_HEADER] as string,
              r.body,
              [BILLING_SECRET],
              Math.floor(Date.now() / 1000),
            ) === null,
        )
        .map(
          (r) =>
            JSON.parse(r.body.toString()) as {
              type: string;
              tenantId: string;
              occurredAt: string;
              data: { to: string };
            },
        )
        .filter((e) => e.type === 'tenant.status_changed' && e.tenantId === created.tenantId)
        // Delivery order is not guaranteed; occurredAt orders one tenant's events.
        .sort((a, b) => a.occurredAt.localeCompare(b.occurredAt))
        .map((e) => e.data.to);
    await eventually(async () => (statuses().length >= 3 ? true : undefined), 30_000, 'three status events');
    // A spec change reconciles without leaving ACTIVE, so it is no status news.
    expect(statuses()).toEqual(['ACTIVE', 'SUSPENDED', 'ACTIVE']);
  });
});
