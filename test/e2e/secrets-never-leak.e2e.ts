import { randomBytes } from 'node:crypto';
import { FakeIdp, startFakeIdp } from '../support/fake-idp-server';
import { CREATE_TENANT, graphql } from '../support/graphql-client';
import { startTestStack, TestStack } from '../support/test-stack';

jest.setTimeout(120_000);

/**
 * A client secret goes in once and never comes out: not in any GraphQL response (the IdP, the tenant, the audit
 * log) and not in any log line of the api, the worker or the emulator, even at debug level.
 */
describe('secrets never leak into responses or logs', () => {
  let stack: TestStack;
  let idp: FakeIdp;
  const secret = `never-show-me-${randomBytes(12).toString('hex')}`;

  beforeAll(async () => {
    idp = await startFakeIdp();
    stack = await startTestStack('e2e-secrets', {
      LOG_LEVEL: 'debug',
      IDP_FETCH_ALLOW_HTTP: 'true',
      IDP_FETCH_ALLOWLIST: '127.0.0.1/32',
    });
  });

  afterAll(async () => {
    await stack?.stop();
    await idp?.close();
  });

  it('keeps the OIDC client secret write-only', async () => {
    const responses: string[] = [];
    const call = async <T>(query: string, variables: Record<string, unknown> = {}) => {
      const res = await graphql<T>(stack.apiUrl, query, variables, stack.token);
      responses.push(JSON.stringify(res));
      return res;
    };
    const created = await call<{ createTenant: { tenant: { id: string } } }>(CREATE_TENANT, {
      input: { slug: 'secretive', displayName: 'Secretive', isolationModel: 'DEDICATED_POOL' },
    });
    const tenantId = created.data!.createTenant.tenant.id;
    const added = await call<{ addOidcIdentityProvider: { identityProvider: { hasSecret: boolean } } }>(
      `mutation($t: ID!, $i: AddOidcIdentityProviderInput!) {
        addOidcIdentityProvider(tenantId: $t, input: $i) { identityProvider { name hasSecret } warnings }
      }`,
      {
        t: tenantId,
        i: { name: 'corp-oidc', issuer: idp.oidcIssuer, clientId: 'idplane', clientSecret: secret },
      },
    );
    expect(added.errors).toBeUndefined();
    expect(added.data!.addOidcIdentityProvider.identityProvider.hasSecret).toBe(true);
    await call(`query($id: ID!) { tenant(id: $id) { identityProviders { name hasSecret } } }`, {
      id: tenantId,
    });
    const audit = await call<{
      auditEvents: {
        edges: { node: { action: string; outcome: string; tenantId: string; after: unknown } }[];
      };
    }>(`{ auditEvents(first: 20) { edges { node { action outcome tenantId before after } } } }`);
    // The change was recorded, with the secret's place marked rather than left out or copied.
    const recorded = audit
      .data!.auditEvents.edges.map((e) => e.node)
      .filter((e) => e.action === 'addOidcIdentityProvider');
    expect(recorded).toEqual([
      expect.objectContaining({
        outcome: 'success',
        tenantId,
        after: expect.objectContaining({
          input: expect.objectContaining({
            input: expect.objectContaining({ clientId: 'idplane', clientSecret: '[redacted]' }),
          }),
        }),
      }),
    ]);
    expect(JSON.stringify(recorded)).toContain('[redacted]');
    expect(JSON.stringify(recorded)).not.toContain(secret);
    // Let the worker pick up the change and log its run.
    await new Promise((r) => setTimeout(r, 1_500));

    expect(responses.join('\n')).not.toContain(secret);
    expect(stack.output()).not.toContain(secret);
    // The check above could fail: every process's output was captured, request logs included.
    expect(stack.output()).toContain('"url":"/graphql"');
  });
});
