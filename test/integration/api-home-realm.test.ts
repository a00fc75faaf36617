import { TypeOrmTenantStore } from '@idplane/persistence';
import { testSamlMetadata } from '../../libs/federation/src/testing/saml-metadata.factory';
import { CREATE_TENANT, graphql as rawGraphql, GraphQLResponse } from '../support/graphql-client';
import { startTestApi, TestApi } from '../support/test-api';
import { deleteRedisPrefix, testQueuePrefix } from '../support/test-redis';

const DISCOVER = `
  query Discover($email: String!) {
    discoverTenant(email: $email) {
      tenant { id slug displayName }
      identityProvider { cognitoProviderName type }
      authorizeUrl
    }
  }`;

interface Discovered {
  discoverTenant: {
    tenant: { id: string; slug: string; displayName: string };
    identityProvider: { cognitoProviderName: string; type: string };
    authorizeUrl: string;
  };
}

describe('discoverTenant: home-realm discovery by email domain', () => {
  let api: TestApi;
  let store: TypeOrmTenantStore;
  let platformAdmin: string;
  const prefix = testQueuePrefix('home_realm');
  const ids: Record<string, string> = {};
  const discover = (email: string, token = platformAdmin) =>
    rawGraphql<Discovered>(api.url, DISCOVER, { email }, token);

  /**
   * A tenant with a SAML IdP claiming `domains`, and, when `provisioned`, what the worker records once its app client
   * and hosted UI domain exist in Cognito.
   */
  const tenantWithIdp = async (
    slug: string,
    isolationModel: 'SHARED_POOL' | 'DEDICATED_POOL',
    domains: string[],
    provisioned = true,
  ) => {
    const created = await rawGraphql<{ createTenant: { tenant: { id: string } } }>(
      api.url,
      CREATE_TENANT,
      {
        input: {
          slug,
          displayName: `${slug} Inc.`,
          isolationModel,
          callbackUrls: [`https://app.${slug}.example/callback`, 'https://other.example/cb'],
        },
      },
      platformAdmin,
    );
    expect(created.errors).toBeUndefined();
    const id = created.data!.createTenant.tenant.id;
    const idp = await rawGraphql(
      api.url,
      'mutation($t: ID!, $i: AddSamlIdentityProviderInput!) { addSamlIdentityProvider(tenantId: $t, input: $i) { warnings } }',
      { t: id, i: { name: 'okta', metadataXml: testSamlMetadata(`urn:${slug}`), emailDomains: domains } },
      platformAdmin,
    );
    expect(idp.errors).toBeUndefined();
    if (provisioned) {
      await store.recordReconcileOutcome({
        tenantId: id,
        observedGeneration: 100,
        status: 'ACTIVE',
        conditions: [],
        cognito: {
          userPoolId: `us-east-1_${slug.replace(/-/g, '')}`,
          appClientId: `client-${slug}`,
          issuer: null,
          domain: `idplane-test-${slug}.auth.us-east-1.amazoncognito.com`,
        },
      });
    }
    ids[slug] = id;
    return id;
  };

  const expectNotFound = (res: GraphQLResponse<Discovered>) => {
    expect(res.data?.discoverTenant ?? null).toBeNull();
    expect(res.errors).toEqual([
      expect.objectContaining({
        message: 'no identity provider takes sign-ins for this email domain',
        extensions: { code: 'NOT_FOUND', field: 'email' },
      }),
    ]);
  };

  beforeAll(async () => {
    api = await startTestApi('api_home_realm', {
      QUEUE_PREFIX: prefix,
      MUTATION_RATE_LIMIT_PER_MINUTE: '100000',
    });
    store = new TypeOrmTenantStore(api.db.dataSource);
    platformAdmin = await api.auth.tokenFor({ role: 'platform-admin' });
    await tenantWithIdp('hrd-acme', 'DEDICATED_POOL', ['acme-hrd.example', 'eu.acme-hrd.example']);
    await tenantWithIdp('hrd-globex', 'SHARED_POOL', ['globex-hrd.example']);
    await tenantWithIdp('hrd-pending', 'SHARED_POOL', ['pending-hrd.example'], false);
    await tenantWithIdp('hrd-suspended', 'DEDICATED_POOL', ['suspended-hrd.example']);
    await store.changeDesiredState({
      tenantId: ids['hrd-suspended'],
      expectedVersion: (await store.findById(ids['hrd-suspended']))!.version,
      suspended: true,
      allowedFrom: ['ACTIVE'],
      trigger: 'suspend',
    });
    await tenantWithIdp('hrd-failed', 'DEDICATED_POOL', ['failed-hrd.example']);
    await store.setStatus(ids['hrd-failed'], 'FAILED', ['ACTIVE']);
  }, 60_000);
  afterAll(async () => {
    await api?.close();
    await deleteRedisPrefix(prefix);
  });

  it('answers the tenant, its IdP and the hosted UI authorize URL for that IdP', async () => {
    const res = await discover('Jane.Doe@ACME-HRD.example');
    expect(res.errors).toBeUndefined();
    expect(res.data!.discoverTenant).toEqual({
      tenant: { id: ids['hrd-acme'], slug: 'hrd-acme', displayName: 'hrd-acme Inc.' },
      identityProvider: { cognitoProviderName: 'okta', type: 'SAML' },
      authorizeUrl:
        'https://idplane-test-hrd-acme.auth.us-east-1.amazoncognito.com/oauth2/authorize?response_type=code' +
        '&client_id=client-hrd-acme&redirect_uri=https%3A%2F%2Fapp.hrd-acme.example%2Fcallback' +
        '&identity_provider=okta',
    });
  });

  it("names a shared-pool tenant's IdP by its pool-unique provider name", async () => {
    const res = await discover('ops@globex-hrd.example');
    expect(res.errors).toBeUndefined();
    expect(res.data!.discoverTenant.identityProvider.cognitoProviderName).toBe('hrd-globex.okta');
    const url = new URL(res.data!.discoverTenant.authorizeUrl);
    expect(url.searchParams.get('identity_provider')).toBe('hrd-globex.okta');
    expect(url.searchParams.get('client_id')).toBe('client-hrd-globex');
  });

  it('matches a subdomain only when it was claimed itself', async () => {
    expect((await discover('jane@eu.acme-hrd.example')).data?.discoverTenant.tenant.slug).toBe('hrd-acme');
    expectNotFound(await discover('jane@us.acme-hrd.example'));
    expectNotFound(await discover('jane@hrd.example'));
  });

  it('answers the same NOT_FOUND for an unclaimed domain and for a tenant that takes no sign-ins now', async () => {
    for (const email of [
      'a@unclaimed-hrd.example',
      'a@pending-hrd.example',
      'a@suspended-hrd.example',
      'a@failed-hrd.example',
      `a@${'x'.repeat(40)}.example`,
    ]) {
      const res = await discover(email);
      expectNotFound(res);
      for (const slug of ['hrd-pending', 'hrd-suspended', 'hrd-failed'])
        expect(JSON.stringify(res)).not.toContain(ids[slug]);
    }
  });

  it.each(['not-an-email', 'jane@', '@acme-hrd.example', 'jane@[10.0.0.1]', 'jane doe@acme-hrd.example'])(
    'refuses %p with BAD_USER_INPUT on email',
    async (email) => {
      const res = await discover(email);
      expect(res.errors?.map((e) => e.extensions)).toEqual([
        expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'email' }),
      ]);
    },
  );

  it('serves any signed-in operator; a tenant admin finds only their own tenant', async () => {
    const noRole = await api.auth.tokenFor({ role: 'none' });
    expect((await discover('jane@acme-hrd.example', noRole)).data?.discoverTenant.tenant.id).toBe(
      ids['hrd-acme'],
    );
    const adminOfAcme = await api.auth.tokenFor({ role: 'tenant-admin', tenantId: ids['hrd-acme'] });
    expect((await discover('jane@acme-hrd.example', adminOfAcme)).data?.discoverTenant.tenant.id).toBe(
      ids['hrd-acme'],
    );
    const adminOfGlobex = await api.auth.tokenFor({ role: 'tenant-admin', tenantId: ids['hrd-globex'] });
    const hidden = await discover('jane@acme-hrd.example', adminOfGlobex);
    expectNotFound(hidden);
    expect(JSON.stringify(hidden)).not.toContain(ids['hrd-acme']);
    const anonymous = await rawGraphql(api.url, DISCOVER, { email: 'jane@acme-hrd.example' });
    expect(anonymous.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
  });

  it('exposes nothing of the tenant beyond id, slug and name', async () => {
    const res = await rawGraphql(
      api.url,
      '{ discoverTenant(email: "jane@acme-hrd.example") { tenant { id roles { name } } } }',
      {},
      await api.auth.tokenFor({ role: 'none' }),
    );
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });
});
