import { IdentityProviderService, MetadataFetcher } from '@idplane/federation';
import {
  PostgresIdentityProviderStore,
  TenantChildrenReader,
  TypeOrmTenantStore,
} from '@idplane/persistence';
import { developmentSecretKeyring, SecretCipher } from '@idplane/secrets';
import { TenantService } from '@idplane/tenancy';
import { testSamlMetadata } from '../../libs/federation/src/testing/saml-metadata.factory';
import { createTestDatabase, TestDatabase } from '../support/test-database';

const ISSUER = 'https://login.acme.example';
/** The OpenID Provider's discovery document, as the IdP service's fetch sees it. */
const discovery: MetadataFetcher = {
  fetch: async (url) => ({
    url,
    status: 200,
    contentType: 'application/json',
    body: Buffer.from(
      JSON.stringify({
        issuer: ISSUER,
        authorization_endpoint: `${ISSUER}/authorize`,
        token_endpoint: `${ISSUER}/token`,
        jwks_uri: `${ISSUER}/jwks`,
        scopes_supported: ['openid', 'email'],
        response_types_supported: ['code'],
      }),
    ),
    address: '203.0.113.10',
    redirects: [],
  }),
};

/** What the API lists of a tenant's IdPs leaves the sealed secret and the metadata document in Postgres. */
describe('TenantChildrenReader (real Postgres)', () => {
  let db: TestDatabase;
  let reader: TenantChildrenReader;
  let tenantId: string;
  const secret = 'oidc-client-secret-never-listed';

  beforeAll(async () => {
    db = await createTestDatabase('children_reader');
    reader = new TenantChildrenReader(db.dataSource);
    const tenant = await new TenantService(new TypeOrmTenantStore(db.dataSource)).createTenant({
      slug: 'acme',
      displayName: 'Acme',
      isolationModel: 'DEDICATED_POOL',
    });
    tenantId = tenant.id;
    const idps = new IdentityProviderService(
      new PostgresIdentityProviderStore(db.dataSource),
      new SecretCipher(developmentSecretKeyring()),
      discovery,
    );
    await idps.addSamlIdentityProvider(tenantId, {
      name: 'okta',
      metadataXml: testSamlMetadata('https://okta.acme.example/idp'),
    });
    await idps.addOidcIdentityProvider(tenantId, {
      name: 'entra',
      issuer: ISSUER,
      clientId: 'c',
      clientSecret: secret,
    });
  });
  afterAll(() => db?.drop());

  it('lists IdPs without the sealed secret or the SAML metadata document, with everything the API shows', async () => {
    const listed = (await reader.load([tenantId])).get(tenantId)!.identityProviders;
    expect(listed.map((p) => [p.name, p.hasSecret])).toEqual([
      ['okta', false],
      ['entra', true],
    ]);
    const text = JSON.stringify(listed);
    expect(text).not.toContain('secretCiphertext');
    expect(text).not.toContain('secret_ciphertext');
    expect(text).not.toContain('metadataXml');
    expect(text).not.toContain('EntityDescriptor');
    expect(listed[0]).toMatchObject({
      type: 'SAML',
      details: { type: 'SAML', metadataUrl: null, signOut: false },
      saml: { entityId: 'https://okta.acme.example/idp' },
      createdAt: expect.any(Date),
    });
    expect(listed[1].details).toMatchObject({ type: 'OIDC', issuer: ISSUER, clientId: 'c' });
  });

  it('reads a page of tenants with the same children as a lookup of each', async () => {
    const store = new TypeOrmTenantStore(db.dataSource);
    const { page, children } = await reader.loadPage({ first: 10, filter: { tenantId } });
    expect(page).toEqual(await store.list({ first: 10, filter: { tenantId } }));
    expect(children).toEqual(await reader.load([tenantId]));
  });

  it('still gives the reconciler everything: the document and the sealed secret', async () => {
    const stored = (await reader.loadForReconcile([tenantId])).get(tenantId)!.identityProviders;
    const saml = stored.find((p) => p.name === 'okta')!;
    expect(saml.details.type === 'SAML' && saml.details.metadataXml).toContain('EntityDescriptor');
    const oidc = stored.find((p) => p.name === 'entra')!;
    expect(oidc.secretCiphertext).toEqual(expect.any(String));
    expect(oidc.secretCiphertext).not.toContain(secret);
  });
});
