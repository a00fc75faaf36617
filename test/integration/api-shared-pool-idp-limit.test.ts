import { TypeOrmTenantStore } from '@idplane/persistence';
import { testSamlMetadata } from '../../libs/federation/src/testing/saml-metadata.factory';
import { CREATE_TENANT, graphql as rawGraphql } from '../support/graphql-client';
import { startTestApi, TestApi } from '../support/test-api';
import { deleteRedisPrefix, testQueuePrefix } from '../support/test-redis';

const ADD_SAML = `mutation($t: ID!, $input: AddSamlIdentityProviderInput!) {
  addSamlIdentityProvider(tenantId: $t, input: $input) { identityProvider { id } } }`;
const SHARDS = `{ sharedPoolShards { index tenantCount appClientCount identityProviderCount identityProviderCapacity
  identityProviderFillRatio } }`;

describe('addSamlIdentityProvider against a full shard, over HTTP (real Postgres)', () => {
  let api: TestApi;
  let store: TypeOrmTenantStore;
  let token: string;
  const prefix = testQueuePrefix('shared_pool_idp_limit');
  const graphql = <T>(query: string, variables: Record<string, unknown> = {}) =>
    rawGraphql<T>(api.url, query, variables, token);

  beforeAll(async () => {
    api = await startTestApi('api_shared_pool_idp_limit', {
      QUEUE_PREFIX: prefix,
      MUTATION_RATE_LIMIT_PER_MINUTE: '100000',
      SHARED_POOL_IDP_CAPACITY: '2',
      SHARED_POOL_IDP_LIMIT: '2',
    });
    store = new TypeOrmTenantStore(api.db.dataSource);
    token = await api.auth.tokenFor({ role: 'platform-admin' });
  });
  afterAll(async () => {
    await api?.close();
    await deleteRedisPrefix(prefix);
  });

  const sharedTenantOnShard0 = async (slug: string): Promise<string> => {
    const res = await graphql<{ createTenant: { tenant: { id: string } } }>(CREATE_TENANT, {
      input: { slug, displayName: slug, isolationModel: 'SHARED_POOL' },
    });
    expect(res.errors).toBeUndefined();
    const id = res.data!.createTenant.tenant.id;
    // What the worker does on the first reconcile; a large capacity keeps both tenants on shard 0.
    expect(
      await store.assignSharedPoolShard(id, { capacity: 100, minShards: 1, identityProviderCapacity: 100 }),
    ).toBe(0);
    return id;
  };
  const addSaml = (tenantId: string, name: string) =>
    graphql(ADD_SAML, {
      t: tenantId,
      input: { name, metadataXml: testSamlMetadata(`https://${name}.example.com/metadata`) },
    });

  it('is PRECONDITION_FAILED naming the limit once the shard holds SHARED_POOL_IDP_LIMIT IdPs', async () => {
    const first = await sharedTenantOnShard0('lim-one');
    const second = await sharedTenantOnShard0('lim-two');
    expect((await addSaml(first, 'okta')).errors).toBeUndefined();
    expect((await addSaml(second, 'entra')).errors).toBeUndefined();

    const refused = await addSaml(second, 'adfs');
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'PRECONDITION_FAILED', field: 'tenantId' });
    expect(refused.errors?.[0].message).toContain('limit of 2 per user pool');
    expect(refused.errors?.[0].message).toContain('SHARED_POOL_IDP_LIMIT');

    const shards = await graphql<{ sharedPoolShards: Record<string, unknown>[] }>(SHARDS);
    expect(shards.errors).toBeUndefined();
    expect(shards.data!.sharedPoolShards).toEqual([
      {
        index: 0,
        tenantCount: 2,
        appClientCount: 2,
        identityProviderCount: 2,
        identityProviderCapacity: 2,
        identityProviderFillRatio: 1,
      },
    ]);
  });
});
