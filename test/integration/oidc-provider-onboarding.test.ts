import 'reflect-metadata';
import { CREATE_TENANT, graphql, GraphQLResponse } from '../support/graphql-client';
import { OidcProviderProcess, startOidcProvider } from '../support/oidc-provider-process';
import { startTestApi, TestApi } from '../support/test-api';

const SECRET = 'real-op-client-secret-that-must-never-come-back-0123456789';
const ADD_OIDC = `mutation($t: ID!, $input: AddOidcIdentityProviderInput!) {
  addOidcIdentityProvider(tenantId: $t, input: $input) {
    identityProvider { id name type issuer clientId scopes hasSecret attributesRequestMethod cognitoProviderName }
    warnings
  } }`;
const LIST = `query($id: ID!) { tenant(id: $id) {
  identityProviders { id name type issuer clientId scopes hasSecret attributesRequestMethod } } }`;

interface AddedOidc {
  addOidcIdentityProvider: {
    identityProvider: { id: string; issuer: string; hasSecret: boolean; scopes: string[] };
    warnings: string[];
  };
}

describe('onboarding a real OpenID Provider (oidc-provider on loopback) over GraphQL', () => {
  let api: TestApi;
  let op: OidcProviderProcess;
  let misconfigured: OidcProviderProcess;
  let token: string;
  let tenantId: string;
  const responses: GraphQLResponse<unknown>[] = [];

  const call = async <T>(query: string, variables: Record<string, unknown>) => {
    const res = await graphql<T>(api.url, query, variables, token);
    responses.push(res);
    return res;
  };

  beforeAll(async () => {
    [op, misconfigured] = await Promise.all([
      startOidcProvider({ clientSecret: SECRET }),
      // Listens on 127.0.0.1 but calls itself localhost: a common misconfiguration behind a proxy.
      startOidcProvider({ issuerHost: 'localhost' }),
    ]);
    api = await startTestApi('oidc_provider', {
      IDP_FETCH_ALLOW_HTTP: 'true',
      IDP_FETCH_ALLOWLIST: '127.0.0.1/32',
    });
    token = await api.auth.tokenFor({ role: 'platform-admin' });
    const created = await graphql<{ createTenant: { tenant: { id: string } } }>(
      api.url,
      CREATE_TENANT,
      { input: { slug: 'umbrella', displayName: 'Umbrella', isolationModel: 'DEDICATED_POOL' } },
      token,
    );
    tenantId = created.data!.createTenant.tenant.id;
  });

  afterAll(async () => {
    await api?.close();
    await Promise.all([op?.stop(), misconfigured?.stop()]);
  });

  it('onboards the provider through its discovery document, keeping the secret write-only', async () => {
    const res = await call<AddedOidc>(ADD_OIDC, {
      t: tenantId,
      input: { name: 'umbrella-op', issuer: op.issuer, clientId: 'idplane', clientSecret: SECRET },
    });
    expect(res.errors).toBeUndefined();
    const { identityProvider } = res.data!.addOidcIdentityProvider;
    expect(identityProvider).toMatchObject({
      issuer: op.issuer,
      hasSecret: true,
      scopes: ['openid', 'email', 'profile'],
    });

    // The endpoints come from the provider's own discovery document (its paths are not the usual ones).
    const [row] = await api.db.dataSource.query(
      `SELECT details, secret_ciphertext FROM identity_providers WHERE id = $1`,
      [identityProvider.id],
    );
    expect(row.details).toMatchObject({
      issuer: op.issuer,
      authorizeUrl: `${op.issuer}/auth`,
      tokenUrl: `${op.issuer}/token`,
      jwksUri: `${op.issuer}/jwks`,
      attributesUrl: `${op.issuer}/me`,
    });
    expect(row.secret_ciphertext).not.toContain(SECRET);

    const listed = await call<{ tenant: { identityProviders: { issuer: string }[] } }>(LIST, {
      id: tenantId,
    });
    expect(listed.data!.tenant.identityProviders).toEqual([expect.objectContaining({ issuer: op.issuer })]);
  });

  it('refuses an issuer whose discovery document names another issuer, with a typed error, storing nothing', async () => {
    const before = await api.db.dataSource.query(`SELECT count(*)::int AS n FROM identity_providers`);
    const entered = misconfigured.url;
    expect(misconfigured.issuer).not.toBe(entered);
    const res = await call(ADD_OIDC, {
      t: tenantId,
      input: { name: 'wrong-issuer', issuer: entered, clientId: 'idplane', clientSecret: SECRET },
    });
    expect(res.data ?? null).toBeNull();
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.issuer' });
    expect(res.errors![0].message).toContain(misconfigured.issuer);
    const after = await api.db.dataSource.query(`SELECT count(*)::int AS n FROM identity_providers`);
    expect(after[0].n).toBe(before[0].n);
  });

  it('never returned the client secret in any response', () => {
    expect(responses.length).toBeGreaterThan(0);
    for (const res of responses) expect(JSON.stringify(res)).not.toContain(SECRET);
  });
});
