import 'reflect-metadata';
import { generateKeyPairSync } from 'node:crypto';
import { secretContext } from '@idplane/federation';
import { testSamlMetadata } from '../../libs/federation/src/testing/saml-metadata.factory';
import {
  describeWithSharedFixtures,
  listSharedFixtures,
  readSharedFixture,
} from '../../libs/federation/src/testing/shared-fixtures';
import { createTestCertificate } from '../../libs/federation/src/testing/test-certificate';
import { developmentSecretKeyring, SecretCipher } from '@idplane/secrets';
import { FakeIdp, startFakeIdp } from '../support/fake-idp-server';
import { CREATE_TENANT, graphql as rawGraphql, GraphQLResponse } from '../support/graphql-client';
import { startTestApi, TestApi } from '../support/test-api';
import { TestDatabase } from '../support/test-database';

const IDP_FIELDS = `id name cognitoProviderName type emailDomains hasSecret version issuer clientId scopes
  attributeMapping { attribute claim }
  saml { entityId ssoUrls { binding location } certificates { use subject notAfter fingerprintSha256 } }`;
const PAYLOAD = `identityProvider { ${IDP_FIELDS} } warnings tenant { id generation }`;
const ADD_SAML = `mutation($t: ID!, $input: AddSamlIdentityProviderInput!) {
  addSamlIdentityProvider(tenantId: $t, input: $input) { ${PAYLOAD} } }`;
const ADD_OIDC = `mutation($t: ID!, $input: AddOidcIdentityProviderInput!) {
  addOidcIdentityProvider(tenantId: $t, input: $input) { ${PAYLOAD} } }`;
const ADD_SOCIAL = `mutation($t: ID!, $input: AddSocialIdentityProviderInput!) {
  addSocialIdentityProvider(tenantId: $t, input: $input) { ${PAYLOAD} } }`;
const UPDATE = `mutation($t: ID!, $input: UpdateIdentityProviderInput!) {
  updateIdentityProvider(tenantId: $t, input: $input) { ${PAYLOAD} } }`;
const REMOVE = `mutation($t: ID!, $id: ID!, $v: Int!) {
  removeIdentityProvider(tenantId: $t, id: $id, expectedVersion: $v) { removedIdentityProviderId tenant { generation } } }`;
const LIST = `query($id: ID!) { tenant(id: $id) { identityProviders { ${IDP_FIELDS} } } }`;

const OIDC_SECRET = 'oidc-client-secret-that-must-never-leak-0123456789';
const GOOGLE_SECRET = 'google-client-secret-that-must-never-leak-98765';
const APPLE_PRIVATE_KEY = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();
const APPLE_KEY_BODY = APPLE_PRIVATE_KEY.split('\n')[1];
const DAY = 24 * 3600 * 1000;

interface Idp {
  id: string;
  name: string;
  cognitoProviderName: string;
  type: string;
  emailDomains: string[];
  hasSecret: boolean;
  version: number;
  issuer: string | null;
  saml: {
    entityId: string;
    ssoUrls: { location: string }[];
    certificates: { subject: string; notAfter: string; fingerprintSha256: string }[];
  } | null;
}
type Payload = { identityProvider: Idp; warnings: string[]; tenant: { id: string; generation: number } };

const samlMetadata = testSamlMetadata;

describe('identity providers over HTTP (real Postgres)', () => {
  let api: TestApi;
  let db: TestDatabase;
  let url: string;
  let token: string;
  let idp: FakeIdp;
  let idpBase: string;
  const responses: string[] = [];
  const tenants: Record<string, string> = {};

  const graphql = async <T>(
    query: string,
    variables: Record<string, unknown>,
  ): Promise<GraphQLResponse<T>> => {
    const res = await rawGraphql<T>(url, query, variables, token);
    responses.push(JSON.stringify(res));
    return res;
  };
  const ok = async <K extends string>(query: string, variables: Record<string, unknown>, key: K) => {
    const res = await graphql<Record<K, Payload>>(query, variables);
    expect(res.errors).toBeUndefined();
    return res.data![key];
  };
  const errorOf = async (query: string, variables: Record<string, unknown>) => {
    const res = await graphql(query, variables);
    expect(res.data ?? null).toBeNull();
    return res.errors![0];
  };
  // Every issue of a BAD_USER_INPUT, which the typed client leaves out of its extensions type.
  const issuesOf = (error: { extensions?: object }) =>
    (error.extensions as { issues?: { field: string; message: string }[] } | undefined)?.issues;
  const count = async (table: string) =>
    Number((await db.dataSource.query(`SELECT count(*) AS n FROM ${table}`))[0].n);
  const generationOf = async (tenantId: string) =>
    Number(
      (await db.dataSource.query(`SELECT generation FROM tenants WHERE id = $1`, [tenantId]))[0].generation,
    );

  /** What a refused change must leave alone: the IdP rows, the outbox and the tenant's generation. */
  const writes = async (tenantId: string) => ({
    identityProviders: await count('identity_providers'),
    outbox: await count('outbox_messages'),
    generation: await generationOf(tenantId),
  });
  const idpRow = async (id: string) =>
    (
      await db.dataSource.query(`SELECT version, details, saml FROM identity_providers WHERE id = $1`, [id])
    )[0] as { version: number; details: Record<string, unknown>; saml: Record<string, unknown> };

  beforeAll(async () => {
    idp = await startFakeIdp();
    idpBase = idp.base;
    api = await startTestApi('identity_providers', {
      IDP_FETCH_ALLOW_HTTP: 'true',
      IDP_FETCH_ALLOWLIST: '127.0.0.1/32',
    });
    ({ db, url } = api);
    token = await api.auth.tokenFor({ role: 'platform-admin' });
    for (const [slug, isolationModel] of [
      ['acme', 'SHARED_POOL'],
      ['globex', 'SHARED_POOL'],
      ['initech', 'DEDICATED_POOL'],
    ]) {
      const created = await rawGraphql<{ createTenant: { tenant: { id: string } } }>(
        url,
        CREATE_TENANT,
        { input: { slug, displayName: slug, isolationModel } },
        token,
      );
      tenants[slug] = created.data!.createTenant.tenant.id;
    }
  });

  afterAll(async () => {
    await api?.close();
    await idp?.close();
  });

  it('adds a SAML IdP from inline metadata, bumping the generation with an outbox row in one go', async () => {
    const before = await generationOf(tenants.acme);
    const outboxBefore = await count('outbox_messages');
    const added = await ok(
      ADD_SAML,
      {
        t: tenants.acme,
        input: {
          name: 'okta',
          metadataXml: samlMetadata('http://www.okta.com/exk1'),
          emailDomains: ['@Acme.COM'],
        },
      },
      'addSamlIdentityProvider',
    );
    expect(added.identityProvider).toMatchObject({
      name: 'okta',
      cognitoProviderName: 'acme.okta',
      type: 'SAML',
      emailDomains: ['acme.com'],
      hasSecret: false,
      version: 1,
      saml: {
        entityId: 'http://www.okta.com/exk1',
        ssoUrls: [{ location: 'https://idp.example.com/sso' }],
        certificates: [{ notAfter: '2035-01-01T00:00:00.000Z' }],
      },
    });
    expect(added.tenant.generation).toBe(before + 1);
    expect(await count('outbox_messages')).toBe(outboxBefore + 1);
    const [row] = await db.dataSource.query(
      `SELECT topic, payload FROM outbox_messages WHERE aggregate_id = $1 ORDER BY created_at DESC LIMIT 1`,
      [tenants.acme],
    );
    expect(row).toEqual({
      topic: 'tenant.reconcile',
      payload: { tenantId: tenants.acme, generation: before + 1, trigger: 'update' },
    });
  });

  it('accepts metadata with an expired signing certificate, returning a warning', async () => {
    const before = await generationOf(tenants.initech);
    const expired = createTestCertificate({
      commonName: 'ADFS Signing - expired',
      notAfter: new Date('2020-01-01T00:00:00Z'),
    });
    const added = await ok(
      ADD_SAML,
      {
        t: tenants.initech,
        input: { name: 'expired-adfs', metadataXml: samlMetadata('urn:adfs', '', [expired]) },
      },
      'addSamlIdentityProvider',
    );
    expect(added.warnings).toEqual([
      expect.stringMatching(
        /^The signing certificate "CN=ADFS Signing - expired" .* expired on 2020-01-01\.$/,
      ),
    ]);
    expect(added.identityProvider.saml!.certificates).toEqual([
      expect.objectContaining({ subject: 'CN=ADFS Signing - expired', notAfter: '2020-01-01T00:00:00.000Z' }),
    ]);
    expect(added.tenant.generation).toBe(before + 1);
    expect((await idpRow(added.identityProvider.id)).saml).toMatchObject({ entityId: 'urn:adfs' });
  });

  it('fetches metadataUrl through the safe fetcher (allowlisted loopback)', async () => {
    const added = await ok(
      ADD_SAML,
      { t: tenants.acme, input: { name: 'adfs', metadataUrl: `${idpBase}/saml/metadata.xml` } },
      'addSamlIdentityProvider',
    );
    expect(added.identityProvider.saml!.entityId).toBe('https://fetched.example.com/idp');
  });

  it('refuses a DOCTYPE before storing anything', async () => {
    const rows = await count('identity_providers');
    const error = await errorOf(ADD_SAML, {
      t: tenants.acme,
      input: { name: 'evil', metadataXml: samlMetadata('x', '<!DOCTYPE lolz [<!ENTITY lol "lol">]>') },
    });
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.metadataXml' });
    expect(error.message).toMatch(/DTD/);
    expect(await count('identity_providers')).toBe(rows);
  });

  it('refuses a metadataUrl that is not allowlisted, naming the field', async () => {
    const error = await errorOf(ADD_SAML, {
      t: tenants.acme,
      input: { name: 'imds', metadataUrl: 'http://169.254.169.254/latest/meta-data' },
    });
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.metadataUrl' });
    expect(error.message).toMatch(/ADDRESS_NOT_ALLOWED/);
  });

  it('refuses an email domain that another tenant claimed, writing nothing', async () => {
    const rows = await count('identity_providers');
    const outbox = await count('outbox_messages');
    const generation = await generationOf(tenants.globex);
    const error = await errorOf(ADD_SAML, {
      t: tenants.globex,
      input: {
        name: 'okta',
        metadataXml: samlMetadata('urn:globex'),
        emailDomains: ['globex.com', 'acme.com'],
      },
    });
    expect(error.extensions).toMatchObject({ code: 'CONFLICT', field: 'input.emailDomains[1]' });
    expect(error.message).not.toContain(tenants.acme);
    expect(await count('identity_providers')).toBe(rows);
    expect(await count('outbox_messages')).toBe(outbox);
    expect(await count(`idp_email_domains WHERE domain = 'globex.com'`)).toBe(0);
    expect(await generationOf(tenants.globex)).toBe(generation);
  });

  it('gives two shared-pool tenants the same IdP name without colliding in Cognito', async () => {
    const added = await ok(
      ADD_SAML,
      { t: tenants.globex, input: { name: 'okta', metadataXml: samlMetadata('urn:globex') } },
      'addSamlIdentityProvider',
    );
    expect(added.identityProvider.cognitoProviderName).toBe('globex.okta');
    const dup = await errorOf(ADD_SAML, {
      t: tenants.globex,
      input: { name: 'OKTA', metadataXml: samlMetadata('urn:globex2') },
    });
    expect(dup.extensions).toMatchObject({ code: 'CONFLICT', field: 'input.name' });
  });

  it('onboards OIDC through discovery; the secret is sealed at rest and never returned', async () => {
    const added = await ok(
      ADD_OIDC,
      {
        t: tenants.initech,
        input: {
          name: 'keycloak',
          issuer: `${idpBase}/oidc`,
          clientId: 'idplane',
          clientSecret: OIDC_SECRET,
          emailDomains: ['initech.com'],
          attributeMapping: [{ attribute: 'custom:idp_groups', claim: 'roles' }],
        },
      },
      'addOidcIdentityProvider',
    );
    expect(added.identityProvider).toMatchObject({
      cognitoProviderName: 'keycloak',
      issuer: `${idpBase}/oidc`,
      hasSecret: true,
    });
    const [row] = await db.dataSource.query(
      `SELECT secret_ciphertext, details::text AS details FROM identity_providers WHERE id = $1`,
      [added.identityProvider.id],
    );
    expect(row.secret_ciphertext).toMatch(/^v1:dev:/);
    expect(row.secret_ciphertext).not.toContain(OIDC_SECRET);
    expect(row.details).not.toContain(OIDC_SECRET);
    const cipher = new SecretCipher(developmentSecretKeyring());
    expect(cipher.decrypt(row.secret_ciphertext, secretContext(added.identityProvider.id))).toBe(OIDC_SECRET);
  });

  it('refuses an unknown or tenant-choosing attribute mapping target', async () => {
    const error = await errorOf(ADD_OIDC, {
      t: tenants.initech,
      input: {
        name: 'bad-map',
        issuer: `${idpBase}/oidc`,
        clientId: 'x',
        attributeMapping: [
          { attribute: 'custom:tenant_id', claim: 'tid' },
          { attribute: 'shoe_size', claim: 'size' },
        ],
      },
    });
    expect(error.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.attributeMapping[0].attribute',
    });
  });

  it('refuses a mapping whose only target is not an attribute of the pool, writing nothing', async () => {
    const before = await writes(tenants.initech);
    const error = await errorOf(ADD_OIDC, {
      t: tenants.initech,
      input: {
        name: 'shoes',
        issuer: `${idpBase}/oidc`,
        clientId: 'x',
        attributeMapping: [{ attribute: 'shoe_size', claim: 'size' }],
      },
    });
    expect(error.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.attributeMapping[0].attribute',
    });
    expect(error.message).toMatch(/"shoe_size" is not an attribute of the user pool/);
    expect(issuesOf(error)).toHaveLength(1);
    expect(await writes(tenants.initech)).toEqual(before);
  });

  it('adds social providers only to dedicated pools, named after their type', async () => {
    const shared = await errorOf(ADD_SOCIAL, {
      t: tenants.acme,
      input: { type: 'GOOGLE', clientId: 'g', clientSecret: GOOGLE_SECRET },
    });
    expect(shared.extensions?.code).toBe('PRECONDITION_FAILED');
    const added = await ok(
      ADD_SOCIAL,
      {
        t: tenants.initech,
        input: { type: 'GOOGLE', clientId: 'g.apps.googleusercontent.com', clientSecret: GOOGLE_SECRET },
      },
      'addSocialIdentityProvider',
    );
    expect(added.identityProvider).toMatchObject({
      name: 'Google',
      cognitoProviderName: 'Google',
      hasSecret: true,
    });
  });

  describe('social provider details per type', () => {
    const apple = {
      type: 'SIGN_IN_WITH_APPLE',
      clientId: 'com.initech.web',
      teamId: 'ABCDE12345',
      keyId: 'KEY0123456',
      privateKey: APPLE_PRIVATE_KEY,
    };

    it.each([
      ['Apple with a short teamId', { ...apple, teamId: 'ABC123' }, 'input.teamId', /10-character id/],
      ['Apple with a lowercase keyId', { ...apple, keyId: 'key0123456' }, 'input.keyId', /10-character id/],
      [
        'Apple without a privateKey',
        { ...apple, privateKey: undefined },
        'input.privateKey',
        /is required for Sign in with Apple/,
      ],
      [
        'Apple with a privateKey that is not PEM',
        { ...apple, privateKey: Buffer.from('not a key').toString('base64') },
        'input.privateKey',
        /must be the PEM private key/,
      ],
      [
        'Apple with a public key instead of the private key',
        {
          ...apple,
          privateKey: generateKeyPairSync('ec', { namedCurve: 'P-256' })
            .publicKey.export({ type: 'spki', format: 'pem' })
            .toString(),
        },
        'input.privateKey',
        /must be the PEM private key/,
      ],
      [
        'Apple with a clientSecret',
        { ...apple, clientSecret: 'apple-secret' },
        'input.clientSecret',
        /takes privateKey, not clientSecret/,
      ],
      [
        'Facebook without a clientSecret',
        { type: 'FACEBOOK', clientId: '1234567890' },
        'input.clientSecret',
        /is required for Facebook/,
      ],
      [
        'Login with Amazon without a clientSecret',
        { type: 'LOGIN_WITH_AMAZON', clientId: 'amzn1.application-oa2-client.abc' },
        'input.clientSecret',
        /is required for LoginWithAmazon/,
      ],
      [
        'Facebook with an Apple teamId',
        { type: 'FACEBOOK', clientId: '1234567890', clientSecret: 'fb-secret', teamId: 'ABCDE12345' },
        'input.teamId',
        /is for Sign in with Apple only/,
      ],
    ])('refuses %s, naming the field and writing nothing', async (_case, input, field, message) => {
      const before = await writes(tenants.initech);
      const error = await errorOf(ADD_SOCIAL, { t: tenants.initech, input });
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(issuesOf(error)).toEqual([{ field, message: expect.stringMatching(message) }]);
      expect(await writes(tenants.initech)).toEqual(before);
    });

    it('accepts the same Apple details when every one is right', async () => {
      const added = await ok(ADD_SOCIAL, { t: tenants.initech, input: apple }, 'addSocialIdentityProvider');
      expect(added.identityProvider).toMatchObject({
        name: 'SignInWithApple',
        cognitoProviderName: 'SignInWithApple',
        type: 'SIGN_IN_WITH_APPLE',
        hasSecret: true,
      });
      const row = await idpRow(added.identityProvider.id);
      expect(row.details).toMatchObject({ teamId: 'ABCDE12345', keyId: 'KEY0123456' });
      expect(JSON.stringify(row.details)).not.toContain(APPLE_KEY_BODY);
    });
  });

  it('updates with optimistic locking and keeps the secret when none is given', async () => {
    const list = await graphql<{ tenant: { identityProviders: Idp[] } }>(LIST, { id: tenants.initech });
    const oidc = list.data!.tenant.identityProviders.find((p) => p.type === 'OIDC')!;
    const updated = await ok(
      UPDATE,
      {
        t: tenants.initech,
        input: { id: oidc.id, expectedVersion: oidc.version, emailDomains: ['initech.io'] },
      },
      'updateIdentityProvider',
    );
    expect(updated.identityProvider).toMatchObject({
      emailDomains: ['initech.io'],
      hasSecret: true,
      version: 2,
    });
    expect(await count(`idp_email_domains WHERE domain = 'initech.com'`)).toBe(0);
    const stale = await errorOf(UPDATE, {
      t: tenants.initech,
      input: { id: oidc.id, expectedVersion: 1, scopes: ['openid'] },
    });
    expect(stale.extensions?.code).toBe('CONFLICT');
    const wrongType = await errorOf(UPDATE, {
      t: tenants.initech,
      input: { id: oidc.id, expectedVersion: 2, metadataXml: samlMetadata('x') },
    });
    expect(wrongType.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.metadataXml' });
    const [row] = await db.dataSource.query(
      `SELECT secret_ciphertext FROM identity_providers WHERE id = $1`,
      [oidc.id],
    );
    const cipher = new SecretCipher(developmentSecretKeyring());
    expect(cipher.decrypt(row.secret_ciphertext, secretContext(oidc.id))).toBe(OIDC_SECRET);
  });

  it('updates SAML metadata: new summary and warnings stored, generation bumped by one', async () => {
    const list = await graphql<{ tenant: { identityProviders: Idp[] } }>(LIST, { id: tenants.globex });
    const okta = list.data!.tenant.identityProviders.find((p) => p.name === 'okta')!;
    expect(okta.saml!.entityId).toBe('urn:globex');
    const before = await writes(tenants.globex);
    const rotated = createTestCertificate({
      commonName: 'Globex rotated',
      notBefore: new Date(Date.now() - DAY),
      notAfter: new Date(Date.now() + 700 * DAY),
    });
    const old = createTestCertificate({ commonName: 'Globex old', notAfter: new Date(Date.now() - 3 * DAY) });

    const updated = await ok(
      UPDATE,
      {
        t: tenants.globex,
        input: {
          id: okta.id,
          expectedVersion: okta.version,
          metadataXml: samlMetadata('urn:globex:rotated', '', [rotated, old]),
        },
      },
      'updateIdentityProvider',
    );
    expect(updated.warnings).toEqual([expect.stringMatching(/"CN=Globex old" .* expired on /)]);
    expect(updated.identityProvider.version).toBe(okta.version + 1);
    expect(updated.identityProvider.saml!.entityId).toBe('urn:globex:rotated');
    const subjects = updated.identityProvider.saml!.certificates.map((c) => c.subject);
    expect(subjects).toEqual(['CN=Globex rotated', 'CN=Globex old']);
    const oldFingerprints = okta.saml!.certificates.map((c) => c.fingerprintSha256);
    for (const cert of updated.identityProvider.saml!.certificates) {
      expect(oldFingerprints).not.toContain(cert.fingerprintSha256);
    }
    expect(updated.tenant.generation).toBe(before.generation + 1);
    expect(await writes(tenants.globex)).toEqual({
      identityProviders: before.identityProviders,
      outbox: before.outbox + 1,
      generation: before.generation + 1,
    });
    const row = await idpRow(okta.id);
    expect(row.saml).toMatchObject({ entityId: 'urn:globex:rotated' });
    expect(row.details.metadataXml).toContain('entityID="urn:globex:rotated"');
  });

  it("re-runs discovery when an OIDC IdP's issuer changes, and refuses an issuer without one", async () => {
    const moved = await startFakeIdp();
    try {
      const added = await ok(
        ADD_OIDC,
        { t: tenants.initech, input: { name: 'rehome', issuer: `${idpBase}/oidc`, clientId: 'rehome' } },
        'addOidcIdentityProvider',
      );
      const id = added.identityProvider.id;
      const before = await writes(tenants.initech);

      const broken = await errorOf(UPDATE, {
        t: tenants.initech,
        input: { id, expectedVersion: 1, issuer: `${idpBase}/no-such-issuer` },
      });
      expect(broken.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.issuer' });
      expect(broken.message).toMatch(/no-such-issuer\/\.well-known\/openid-configuration answered HTTP 404/);
      expect(await writes(tenants.initech)).toEqual(before);
      const unchanged = await idpRow(id);
      expect(unchanged.version).toBe(1);
      expect(unchanged.details).toMatchObject({ issuer: `${idpBase}/oidc`, jwksUri: `${idpBase}/oidc/jwks` });

      const updated = await ok(
        UPDATE,
        { t: tenants.initech, input: { id, expectedVersion: 1, issuer: moved.oidcIssuer } },
        'updateIdentityProvider',
      );
      expect(updated.identityProvider).toMatchObject({ issuer: moved.oidcIssuer, version: 2 });
      expect(updated.tenant.generation).toBe(before.generation + 1);
      // The endpoints come from the new issuer's discovery document, not from the old ones.
      expect((await idpRow(id)).details).toMatchObject({
        issuer: moved.oidcIssuer,
        authorizeUrl: `${moved.oidcIssuer}/authorize`,
        tokenUrl: `${moved.oidcIssuer}/token`,
        jwksUri: `${moved.oidcIssuer}/jwks`,
        attributesUrl: `${moved.oidcIssuer}/userinfo`,
        clientId: 'rehome',
      });
    } finally {
      await moved.close();
    }
  });

  it('removes an IdP and frees its domains for another tenant', async () => {
    const list = await graphql<{ tenant: { identityProviders: Idp[] } }>(LIST, { id: tenants.acme });
    const okta = list.data!.tenant.identityProviders.find((p) => p.name === 'okta')!;
    const before = await generationOf(tenants.acme);
    const res = await graphql<{ removeIdentityProvider: { tenant: { generation: number } } }>(REMOVE, {
      t: tenants.acme,
      id: okta.id,
      v: okta.version,
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.removeIdentityProvider.tenant.generation).toBe(before + 1);
    expect(await count(`idp_email_domains WHERE domain = 'acme.com'`)).toBe(0);
    const again = await errorOf(REMOVE, { t: tenants.acme, id: okta.id, v: okta.version });
    expect(again.extensions?.code).toBe('NOT_FOUND');
  });

  describeWithSharedFixtures('shared IdP fixtures', () => {
    it('accepts every file in saml/valid', async () => {
      for (const [index, file] of listSharedFixtures('saml/valid').entries()) {
        const res = await graphql<{ addSamlIdentityProvider: Payload }>(ADD_SAML, {
          t: tenants.initech,
          input: { name: `fx-${index}`, metadataXml: readSharedFixture('saml/valid', file).toString('utf8') },
        });
        expect({ file, errors: res.errors }).toEqual({ file, errors: undefined });
      }
    });

    it('refuses every file in saml/invalid with a field path', async () => {
      for (const file of listSharedFixtures('saml/invalid')) {
        const xml = readSharedFixture('saml/invalid', file).toString('utf8');
        const res = await rawGraphql(
          url,
          ADD_SAML,
          { t: tenants.initech, input: { name: 'bad', metadataXml: xml } },
          token,
        );
        // A body past the HTTP limit never reaches the parser; that too is a refusal.
        if (res.status === 413) continue;
        expect({ file, code: res.errors?.[0]?.extensions?.code }).toEqual({ file, code: 'BAD_USER_INPUT' });
        expect(res.errors?.[0]?.extensions?.field).toBe('input.metadataXml');
      }
    });
  });

  it('never returns a secret in any response', () => {
    const all = responses.join('\n');
    expect(all).not.toContain(OIDC_SECRET);
    expect(all).not.toContain(GOOGLE_SECRET);
    expect(all).not.toContain(APPLE_KEY_BODY);
  });
});
