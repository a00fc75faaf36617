import { randomBytes } from 'node:crypto';
import {
  CognitoIdentityProviderClient,
  DeleteIdentityProviderCommand,
  DescribeIdentityProviderCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  GetGroupCommand,
  IdentityProviderType,
  ListGroupsCommand,
  ListIdentityProvidersCommand,
  UpdateGroupCommand,
  UpdateIdentityProviderCommand,
  UpdateUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import IORedis from 'ioredis';
import { AccessService } from '@idplane/access';
import { CognitoClients, RedisRequestBudgets } from '@idplane/cognito';
import { startCognitoEmulator } from '@idplane/cognito-emulator';
import {
  discoveryUrlFor,
  IdentityProvider,
  IdentityProviderService,
  MetadataFetcher,
} from '@idplane/federation';
import {
  AdvisoryLocks,
  PostgresAccessStore,
  PostgresIdentityProviderStore,
  postgresReconcileSources,
  TypeOrmReconcileRunStore,
  TypeOrmTenantStore,
} from '@idplane/persistence';
import { TenantReconciler, TransientReconcileError } from '@idplane/reconciler';
import { developmentSecretKeyring, SecretCipher } from '@idplane/secrets';
import { Tenant, TenantService } from '@idplane/tenancy';
import { testSamlMetadata } from '../../libs/federation/src/testing/saml-metadata.factory';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { deleteRedisPrefix, TEST_REDIS_URL, testQueuePrefix } from '../support/test-redis';
import { emulatorSdk } from '../support/cognito-sdk';

const ARN = (name: string) => `arn:aws:iam::123456789012:role/${name}`;

/**
 * A customer's OpenID Provider as the API's fetch sees it: each https issuer answers its discovery document. (The
 * emulator never fetches the issuer, and Cognito wants https, which a loopback test server can't give the api here.)
 */
const discovery: MetadataFetcher = {
  fetch: async (url) => {
    const issuer = url.replace('/.well-known/openid-configuration', '');
    const body = {
      issuer,
      authorization_endpoint: `${issuer}/authorize`,
      token_endpoint: `${issuer}/token`,
      jwks_uri: `${issuer}/jwks`,
      userinfo_endpoint: `${issuer}/userinfo`,
      scopes_supported: ['openid', 'email', 'profile', 'groups'],
      response_types_supported: ['code'],
    };
    if (url !== discoveryUrlFor(issuer)) throw new Error(`unexpected fetch of ${url}`);
    return {
      url,
      status: 200,
      contentType: 'application/json',
      body: Buffer.from(JSON.stringify(body)),
      address: '203.0.113.10',
      redirects: [],
    };
  },
};

describe('reconciling roles and identity providers into Cognito (real Postgres, Redis budgets, SDK, emulator)', () => {
  const prefix = testQueuePrefix('reconcile_idps');
  let db: TestDatabase;
  let emulator: { url: string; close(): Promise<void> };
  let redis: IORedis;
  let store: TypeOrmTenantStore;
  let runs: TypeOrmReconcileRunStore;
  let clients: CognitoClients;
  let reconciler: TenantReconciler;
  let tenants: TenantService;
  let access: AccessService;
  let idps: IdentityProviderService;
  let sdk: CognitoIdentityProviderClient;
  const cipher = new SecretCipher(developmentSecretKeyring());
  const secrets: string[] = [];
  const newSecret = () => {
    const secret = `oidc-secret-${randomBytes(12).toString('hex')}`;
    secrets.push(secret);
    return secret;
  };

  beforeAll(async () => {
    db = await createTestDatabase('reconcile_idps');
    emulator = await startCognitoEmulator({ port: 0 });
    redis = new IORedis(TEST_REDIS_URL);
    store = new TypeOrmTenantStore(db.dataSource);
    runs = new TypeOrmReconcileRunStore(db.dataSource);
    clients = new CognitoClients({ endpoint: emulator.url });
    reconciler = newReconciler(clients);
    tenants = new TenantService(store, { defaultRegion: 'us-east-1' });
    access = new AccessService(new PostgresAccessStore(db.dataSource));
    idps = new IdentityProviderService(new PostgresIdentityProviderStore(db.dataSource), cipher, discovery);
    sdk = emulatorSdk(emulator.url);
  });

  afterAll(async () => {
    sdk?.destroy();
    clients?.destroy();
    redis?.disconnect();
    await emulator?.close();
    await deleteRedisPrefix(prefix);
    await db?.drop();
  });

  function newReconciler(cognito: CognitoClients) {
    return new TenantReconciler(
      store,
      postgresReconcileSources(db.dataSource, cipher),
      cognito,
      new AdvisoryLocks(db.dataSource),
      { environment: 'idp', region: 'us-east-1' },
      // Every group and IdP call takes its category's budget (UserPoolResourceRead/Update), shared through Redis.
      { runs, budgets: new RedisRequestBudgets(redis, { scale: 20, keyPrefix: prefix }) },
    );
  }

  const reload = async (t: Tenant) => (await store.findById(t.id))!;
  const steps = (plan: { action: string; resource: string; name: string }[]) =>
    plan.map((s) => `${s.action} ${s.resource} ${s.name}`);
  const group = async (poolId: string, name: string) =>
    (await sdk.send(new GetGroupCommand({ UserPoolId: poolId, GroupName: name }))).Group!;
  const groupNames = async (poolId: string) =>
    ((await sdk.send(new ListGroupsCommand({ UserPoolId: poolId, Limit: 60 }))).Groups ?? [])
      .map((g) => g.GroupName!)
      .sort();
  const idpNames = async (poolId: string) =>
    (
      (await sdk.send(new ListIdentityProvidersCommand({ UserPoolId: poolId, MaxResults: 60 }))).Providers ??
      []
    )
      .map((p) => p.ProviderName!)
      .sort();
  const describeIdp = async (poolId: string, name: string): Promise<IdentityProviderType> =>
    (await sdk.send(new DescribeIdentityProviderCommand({ UserPoolId: poolId, ProviderName: name })))
      .IdentityProvider!;
  const clientOf = async (t: Tenant) =>
    (
      await sdk.send(
        new DescribeUserPoolClientCommand({
          UserPoolId: t.cognito.userPoolId!,
          ClientId: t.cognito.appClientId!,
        }),
      )
    ).UserPoolClient!;
  const idpByName = async (t: Tenant, name: string): Promise<IdentityProvider> =>
    (await idps.listIdentityProviders(t.id)).find((p) => p.name === name)!;

  async function provisioned(slug: string, isolationModel: 'DEDICATED_POOL' | 'SHARED_POOL') {
    const tenant = await tenants.createTenant({
      slug,
      displayName: slug,
      isolationModel,
      callbackUrls: [`https://${slug}.example/callback`],
    });
    expect((await reconciler.reconcile(tenant.id, 'create')).outcome).toBe('synced');
    return reload(tenant);
  }

  async function addIdps(t: Tenant, domain: string) {
    const saml = await idps.addSamlIdentityProvider(t.id, {
      name: 'okta',
      metadataXml: testSamlMetadata(`https://okta.${domain}/idp`),
      emailDomains: [domain],
      signOut: true,
      attributeMapping: [{ attribute: 'custom:idp_groups', claim: 'memberOf' }],
    });
    const secret = newSecret();
    const oidc = await idps.addOidcIdentityProvider(t.id, {
      name: 'azure',
      issuer: `https://login.${domain}/v2.0`,
      clientId: `${t.slug}-client`,
      clientSecret: secret,
      emailDomains: [`corp.${domain}`],
    });
    return { saml: saml.identityProvider, oidc: oidc.identityProvider, secret };
  }

  describe.each([
    ['DEDICATED_POOL', 'acme', ''],
    ['SHARED_POOL', 'globex', 'globex.'],
  ] as const)('a %s tenant', (model, slug, prefixOf) => {
    let tenant: Tenant;
    let secret: string;
    const domain = `${slug}.example`;

    beforeAll(async () => {
      tenant = await provisioned(slug, model);
    });

    it('gets the idp_groups custom attribute (mutable, 2048) on its pool', async () => {
      const { UserPool } = await sdk.send(
        new DescribeUserPoolCommand({ UserPoolId: tenant.cognito.userPoolId! }),
      );
      expect(UserPool!.SchemaAttributes).toContainEqual(
        expect.objectContaining({
          Name: 'custom:idp_groups',
          Mutable: true,
          StringAttributeConstraints: expect.objectContaining({ MaxLength: '2048' }),
        }),
      );
    });

    it('turns roles with IAM role ARNs into groups with RoleArn and Precedence, and deletes a removed role', async () => {
      const view = await access.setRoles(
        tenant.id,
        [
          { name: 'admin', precedence: 5, iamRoleArn: ARN(`${slug}-admin`) },
          { name: 'member', precedence: 20 },
          { name: 'read-only', precedence: 30 },
          {
            name: 'finance',
            precedence: 40,
            description: 'Finance team',
            iamRoleArn: ARN(`${slug}-finance`),
          },
        ],
        0,
      );
      let report = await reconciler.reconcile(tenant.id, 'update');
      expect(report.outcome).toBe('synced');
      expect(steps(report.plan)).toEqual([
        `update Group ${prefixOf}admin`,
        `update Group ${prefixOf}member`,
        `update Group ${prefixOf}read-only`,
        `create Group ${prefixOf}finance`,
      ]);
      const poolId = tenant.cognito.userPoolId!;
      expect(await group(poolId, `${prefixOf}admin`)).toMatchObject({
        Precedence: 5,
        RoleArn: ARN(`${slug}-admin`),
      });
      expect(await group(poolId, `${prefixOf}finance`)).toMatchObject({
        Precedence: 40,
        RoleArn: ARN(`${slug}-finance`),
        Description: model === 'SHARED_POOL' ? 'Finance team of globex' : 'Finance team',
      });

      await access.setRoles(
        tenant.id,
        [
          { name: 'admin', precedence: 5, iamRoleArn: ARN(`${slug}-admin`) },
          { name: 'member', precedence: 25 },
          { name: 'read-only', precedence: 30 },
        ],
        view.version,
      );
      report = await reconciler.reconcile(tenant.id, 'update');
      expect(steps(report.plan)).toEqual([
        `update Group ${prefixOf}member`,
        `delete Group ${prefixOf}finance`,
      ]);
      expect((await groupNames(poolId)).filter((g) => g.startsWith(prefixOf))).toEqual(
        [`${prefixOf}admin`, `${prefixOf}member`, `${prefixOf}read-only`].sort(),
      );
      expect((await group(poolId, `${prefixOf}member`)).Precedence).toBe(25);
      expect(await reconciler.reconcile(tenant.id, 'manual')).toMatchObject({ plan: [], mutatingCalls: 0 });
    });

    it('creates a SAML and an OIDC IdP before the client lists them, with details, mapping and domains', async () => {
      const added = await addIdps(tenant, domain);
      secret = added.secret;
      expect(added.saml.cognitoProviderName).toBe(`${prefixOf}okta`);
      const preview = await reconciler.preview(tenant.id);
      expect(steps(preview.plan)).toEqual([
        `create IdentityProvider ${prefixOf}azure`,
        `create IdentityProvider ${prefixOf}okta`,
        `update AppClient idplane-${slug}-web`,
      ]);
      expect(JSON.stringify(preview)).not.toContain(secret);
      expect(Object.keys(preview.calls).every((op) => /^(Describe|List|Get)/.test(op))).toBe(true);
      const report = await reconciler.reconcile(tenant.id, 'update');
      expect(report.outcome).toBe('synced');
      expect(steps(report.plan)).toEqual([
        `create IdentityProvider ${prefixOf}azure`,
        `create IdentityProvider ${prefixOf}okta`,
        `update AppClient idplane-${slug}-web`,
      ]);
      const poolId = tenant.cognito.userPoolId!;
      const saml = await describeIdp(poolId, `${prefixOf}okta`);
      expect(saml).toMatchObject({
        ProviderType: 'SAML',
        ProviderDetails: {
          MetadataFile: testSamlMetadata(`https://okta.${domain}/idp`),
          IDPSignout: 'true',
          IDPInit: 'false',
          EncryptedResponses: 'false',
        },
        IdpIdentifiers: [domain],
      });
      expect(saml.AttributeMapping).toMatchObject({ 'custom:idp_groups': 'memberOf' });
      const oidc = await describeIdp(poolId, `${prefixOf}azure`);
      expect(oidc).toMatchObject({
        ProviderType: 'OIDC',
        ProviderDetails: {
          client_id: `${slug}-client`,
          client_secret: secret,
          oidc_issuer: `https://login.${domain}/v2.0`,
          authorize_scopes: 'openid email profile',
          attributes_request_method: 'GET',
        },
        IdpIdentifiers: [`corp.${domain}`],
        AttributeMapping: expect.objectContaining({ email: 'email', 'custom:idp_groups': 'groups' }),
      });
      const client = await clientOf(tenant);
      expect(client.SupportedIdentityProviders!.sort()).toEqual(
        ['COGNITO', `${prefixOf}azure`, `${prefixOf}okta`].sort(),
      );
      expect(client.WriteAttributes).toContain('custom:idp_groups');
      expect(await reconciler.reconcile(tenant.id, 'manual')).toMatchObject({ plan: [], mutatingCalls: 0 });
    });

    it('applies a new secret and scopes, and a changed email domain', async () => {
      const oidc = await idpByName(tenant, 'azure');
      secret = newSecret();
      await idps.updateIdentityProvider(tenant.id, {
        id: oidc.id,
        expectedVersion: oidc.version,
        clientSecret: secret,
        scopes: ['openid', 'email'],
      });
      const saml = await idpByName(tenant, 'okta');
      await idps.updateIdentityProvider(tenant.id, {
        id: saml.id,
        expectedVersion: saml.version,
        emailDomains: [domain, `eu.${domain}`],
      });
      const report = await reconciler.reconcile(tenant.id, 'update');
      expect(report.plan).toEqual([
        {
          action: 'update',
          resource: 'IdentityProvider',
          name: `${prefixOf}azure`,
          changes: ['authorize_scopes', 'client_secret'],
        },
        {
          action: 'update',
          resource: 'IdentityProvider',
          name: `${prefixOf}okta`,
          changes: ['idpIdentifiers'],
        },
      ]);
      const poolId = tenant.cognito.userPoolId!;
      expect((await describeIdp(poolId, `${prefixOf}azure`)).ProviderDetails).toMatchObject({
        client_secret: secret,
        authorize_scopes: 'openid email',
      });
      expect((await describeIdp(poolId, `${prefixOf}okta`)).IdpIdentifiers!.sort()).toEqual(
        [domain, `eu.${domain}`].sort(),
      );
      expect(await reconciler.reconcile(tenant.id, 'manual')).toMatchObject({ plan: [], mutatingCalls: 0 });
    });

    it('corrects a group, an IdP and the client changed behind idplane, with no duplicates', async () => {
      const poolId = tenant.cognito.userPoolId!;
      await sdk.send(
        new UpdateGroupCommand({ UserPoolId: poolId, GroupName: `${prefixOf}admin`, Precedence: 99 }),
      );
      await sdk.send(
        new UpdateIdentityProviderCommand({
          UserPoolId: poolId,
          ProviderName: `${prefixOf}okta`,
          ProviderDetails: {
            MetadataFile: testSamlMetadata('https://rogue.example/idp'),
            IDPSignout: 'true',
          },
          AttributeMapping: { email: 'mail', name: 'cn' },
        }),
      );
      await sdk.send(
        new UpdateUserPoolClientCommand({
          UserPoolId: poolId,
          ClientId: tenant.cognito.appClientId!,
          ClientName: `idplane-${slug}-web`,
          SupportedIdentityProviders: ['COGNITO'],
        }),
      );
      expect((await reconciler.scanForDrift([tenant.id])).drifted).toEqual([tenant.id]);
      const report = await reconciler.reconcile(tenant.id, 'drift-sweep');
      expect(report.outcome).toBe('drift-corrected');
      expect(steps(report.plan)).toEqual([
        `update IdentityProvider ${prefixOf}okta`,
        `update AppClient idplane-${slug}-web`,
        `update Group ${prefixOf}admin`,
      ]);
      expect((await group(poolId, `${prefixOf}admin`)).Precedence).toBe(5);
      const okta = await describeIdp(poolId, `${prefixOf}okta`);
      expect(okta.ProviderDetails!.MetadataFile).toBe(testSamlMetadata(`https://okta.${domain}/idp`));
      expect(okta.AttributeMapping).toMatchObject({
        email: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress',
        name: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name',
        'custom:idp_groups': 'memberOf',
      });
      expect((await clientOf(tenant)).SupportedIdentityProviders!.sort()).toEqual(
        ['COGNITO', `${prefixOf}azure`, `${prefixOf}okta`].sort(),
      );
      expect((await reconciler.scanForDrift([tenant.id])).drifted).toEqual([]);
      const again = await reconciler.reconcile(tenant.id, 'manual');
      expect(again).toMatchObject({ plan: [], mutatingCalls: 0 });
      expect((await idpNames(poolId)).filter((n) => n.startsWith(prefixOf))).toEqual(
        [`${prefixOf}azure`, `${prefixOf}okta`].sort(),
      );
    });

    it('takes a removed IdP off the client, then deletes it', async () => {
      const saml = await idpByName(tenant, 'okta');
      await idps.removeIdentityProvider(tenant.id, saml.id, saml.version);
      const report = await reconciler.reconcile(tenant.id, 'update');
      expect(report.plan).toEqual([
        {
          action: 'update',
          resource: 'AppClient',
          name: `idplane-${slug}-web`,
          changes: ['supportedIdentityProviders'],
        },
        { action: 'delete', resource: 'IdentityProvider', name: `${prefixOf}okta` },
      ]);
      const poolId = tenant.cognito.userPoolId!;
      expect((await idpNames(poolId)).filter((n) => n.startsWith(prefixOf))).toEqual([`${prefixOf}azure`]);
      expect((await clientOf(tenant)).SupportedIdentityProviders!.sort()).toEqual(
        ['COGNITO', `${prefixOf}azure`].sort(),
      );
    });
  });

  it("keeps shared tenants' IdPs and groups apart, and deleting one removes only its own", async () => {
    const initech = await provisioned('initech', 'SHARED_POOL');
    await addIdps(initech, 'initech.example');
    await reconciler.reconcile(initech.id, 'update');
    const globex = (await store.findBySlug('globex'))!;
    const poolId = globex.cognito.userPoolId!;
    expect(initech.cognito.userPoolId).toBe(poolId);
    expect((await clientOf(await reload(initech))).SupportedIdentityProviders!.sort()).toEqual(
      ['COGNITO', 'initech.azure', 'initech.okta'].sort(),
    );

    const successor = await provisioned('initech2', 'DEDICATED_POOL');
    const claim = () =>
      idps.addSamlIdentityProvider(successor.id, {
        name: 'okta',
        metadataXml: testSamlMetadata('https://okta.initech2.example/idp'),
        emailDomains: ['initech.example'],
      });
    await expect(claim()).rejects.toMatchObject({ code: 'CONFLICT' });

    const deleting = await tenants.deleteTenant(initech.id, (await reload(initech)).version);
    // While its resources are being removed, the tenant keeps its domains.
    await expect(claim()).rejects.toMatchObject({ code: 'CONFLICT' });
    const report = await reconciler.reconcile(deleting.id, 'delete');
    expect(report.outcome).toBe('deleted');
    // Once DELETED, its domains are free for another tenant.
    await expect(claim()).resolves.toMatchObject({ identityProvider: { emailDomains: ['initech.example'] } });
    expect(steps(report.plan)).toEqual([
      'delete Group initech.admin',
      'delete Group initech.member',
      'delete Group initech.read-only',
      'delete AppClient idplane-initech-web',
      'delete IdentityProvider initech.azure',
      'delete IdentityProvider initech.okta',
    ]);
    expect(await idpNames(poolId)).toEqual(['globex.azure']);
    expect((await groupNames(poolId)).filter((g) => g.startsWith('initech.'))).toEqual([]);
    expect(await groupNames(poolId)).toEqual(
      expect.arrayContaining(['globex.admin', 'globex.member', 'globex.read-only']),
    );
    expect(await reconciler.reconcile(globex.id, 'manual')).toMatchObject({ plan: [], mutatingCalls: 0 });
  });

  it('does not orphan an IdP whose creating run crashed and which was removed before the next run', async () => {
    const tenant = await provisioned('crashy', 'DEDICATED_POOL');
    await idps.addSamlIdentityProvider(tenant.id, {
      name: 'adfs',
      metadataXml: testSamlMetadata('https://adfs.crashy.example/idp'),
    });
    const crashing = new CognitoClients({ endpoint: emulator.url, maxAttempts: 1 });
    crashing.forRegion('us-east-1').middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        if (context.commandName === 'CreateIdentityProviderCommand')
          throw Object.assign(new Error('simulated crash after CreateIdentityProvider'), {
            name: 'SimulatedCrash',
          });
        return result;
      },
      { step: 'initialize', name: 'simulatedCrash' },
    );
    await expect(newReconciler(crashing).reconcile(tenant.id, 'update')).rejects.toBeInstanceOf(
      TransientReconcileError,
    );
    crashing.destroy();
    expect(await idpNames(tenant.cognito.userPoolId!)).toEqual(['adfs']);

    const adfs = await idpByName(tenant, 'adfs');
    await idps.removeIdentityProvider(tenant.id, adfs.id, adfs.version);
    const report = await reconciler.reconcile(tenant.id, 'update');
    expect(steps(report.plan)).toEqual(['delete IdentityProvider adfs']);
    expect(await idpNames(tenant.cognito.userPoolId!)).toEqual([]);
  });

  it.each([
    ['DEDICATED_POOL', 'umbrella', 'custom:badge_color'],
    ['SHARED_POOL', 'hooli', 'custom:department'],
  ] as const)(
    'carries an IdP claim into a %s custom attribute that a role mapping reads',
    async (model, slug, attribute) => {
      const tenant = await provisioned(slug, model);
      const { identityProvider } = await idps.addSamlIdentityProvider(tenant.id, {
        name: 'adfs',
        metadataXml: testSamlMetadata(`https://adfs.${slug}.example/idp`),
        attributeMapping: [{ attribute, claim: 'http://schemas.example/claims/x' }],
      });
      const report = await reconciler.reconcile(tenant.id, 'update');
      expect(report.outcome).toBe('synced');
      const { UserPool } = await sdk.send(
        new DescribeUserPoolCommand({ UserPoolId: tenant.cognito.userPoolId! }),
      );
      expect(UserPool!.SchemaAttributes).toContainEqual(
        expect.objectContaining({ Name: attribute, Mutable: true }),
      );
      const idp = await describeIdp(tenant.cognito.userPoolId!, identityProvider.cognitoProviderName);
      expect(idp.AttributeMapping).toMatchObject({ [attribute]: 'http://schemas.example/claims/x' });
      expect((await clientOf(await reload(tenant))).WriteAttributes).toContain(attribute);
      expect(await reconciler.reconcile(tenant.id, 'manual')).toMatchObject({ plan: [], mutatingCalls: 0 });

      // A rule names the claim as the admin knows it; it reads the custom attribute the IdP wrote.
      const claim = attribute.slice('custom:'.length);
      const view = await access.getAccess(tenant.id);
      await expect(
        access.setRoleMappings(
          tenant.id,
          {
            defaultRole: 'read-only',
            rules: [{ identityProvider: 'okta', claim, matchType: 'EQUALS', value: 'x', role: 'admin' }],
          },
          view.version,
        ),
      ).rejects.toMatchObject({
        code: 'BAD_USER_INPUT',
        issues: [expect.objectContaining({ field: 'input.rules[0].identityProvider' })],
      });
      await access.setRoleMappings(
        tenant.id,
        {
          defaultRole: 'read-only',
          rules: [{ identityProvider: 'adfs', claim, matchType: 'EQUALS', value: 'Finance', role: 'admin' }],
        },
        view.version,
      );
      const simulated = await access.simulate(tenant.id, 'adfs', { [attribute]: 'Finance' });
      expect(simulated.roles.map((r) => r.role)).toEqual(['admin']);
    },
  );

  it("refuses IdPs whose custom attributes together would overflow a dedicated pool's schema, writing nothing", async () => {
    const tenant = await provisioned('schema-full', 'DEDICATED_POOL');
    const add = (n: number) =>
      idps.addSamlIdentityProvider(tenant.id, {
        name: `idp-${n}`,
        metadataXml: testSamlMetadata(`https://idp${n}.schema-full.example/idp`),
        attributeMapping: Array.from({ length: 10 }, (_, i) => ({
          attribute: `custom:c${n}_${i}`,
          claim: `claim-${n}-${i}`,
        })),
      });
    for (const n of [1, 2, 3, 4]) await add(n);
    // 40 mapped so far; ten more would make 50, past the 48 a pool has room for beside tenant_id and idp_groups.
    await expect(add(5)).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      issues: [
        expect.objectContaining({ field: 'input.attributeMapping', message: expect.stringMatching(/50/) }),
      ],
    });
    expect((await idps.listIdentityProviders(tenant.id)).map((p) => p.name)).toEqual([
      'idp-1',
      'idp-2',
      'idp-3',
      'idp-4',
    ]);
  });

  it('moves an email domain from one IdP of the tenant to another in one run', async () => {
    const tenant = await provisioned('mover', 'DEDICATED_POOL');
    const first = await idps.addSamlIdentityProvider(tenant.id, {
      name: 'old-idp',
      metadataXml: testSamlMetadata('https://old.mover.example/idp'),
      emailDomains: ['mover.example'],
    });
    await reconciler.reconcile(tenant.id, 'update');
    // The domain is released by removing the old IdP (which is deleted only after the client update) and claimed by
    // a new one that must exist before the client names it.
    await idps.removeIdentityProvider(tenant.id, first.identityProvider.id, first.identityProvider.version);
    await idps.addSamlIdentityProvider(tenant.id, {
      name: 'new-idp',
      metadataXml: testSamlMetadata('https://new.mover.example/idp'),
      emailDomains: ['mover.example'],
    });
    const report = await reconciler.reconcile(tenant.id, 'update');
    expect(report.outcome).toBe('synced');
    const poolId = tenant.cognito.userPoolId!;
    expect(await idpNames(poolId)).toEqual(['new-idp']);
    expect((await describeIdp(poolId, 'new-idp')).IdpIdentifiers).toEqual(['mover.example']);
    expect(await reconciler.reconcile(tenant.id, 'manual')).toMatchObject({ plan: [], mutatingCalls: 0 });
  });

  it('notices a deleted IdP in a drift scan and recreates it', async () => {
    const tenant = (await store.findBySlug('acme'))!;
    await sdk.send(
      new DeleteIdentityProviderCommand({ UserPoolId: tenant.cognito.userPoolId!, ProviderName: 'azure' }),
    );
    expect((await reconciler.scanForDrift([tenant.id])).drifted).toEqual([tenant.id]);
    const report = await reconciler.reconcile(tenant.id, 'drift-sweep');
    expect(steps(report.plan)).toEqual(['create IdentityProvider azure']);
    expect((await describeIdp(tenant.cognito.userPoolId!, 'azure')).ProviderDetails!.client_secret).toBe(
      secrets[1],
    );
  });

  it('never writes a secret into run records', async () => {
    const rows: { plan: string; calls: string; error: string | null }[] = await db.dataSource.query(
      `SELECT plan::text AS plan, calls::text AS calls, error FROM reconcile_runs`,
    );
    expect(rows.length).toBeGreaterThan(10);
    const text = JSON.stringify(rows);
    for (const secret of secrets) expect(text).not.toContain(secret);
    expect(text).toContain('IdentityProvider');
  });
});
