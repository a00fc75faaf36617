import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CognitoIdentityProviderClient,
  DescribeIdentityProviderCommand,
  DescribeUserPoolClientCommand,
  GetGroupCommand,
  ListIdentityProvidersCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { testSamlMetadata } from '../../libs/federation/src/testing/saml-metadata.factory';
import { FakeIdp, oidcDiscoveryDocument, startFakeIdp } from '../support/fake-idp-server';
import { CREATE_TENANT, graphql } from '../support/graphql-client';
import { eventually } from '../support/processes';
import { startTestStack, TestStack } from '../support/test-stack';
import { emulatorSdk } from '../support/cognito-sdk';

jest.setTimeout(180_000);

interface TenantView {
  id: string;
  slug: string;
  status: string;
  generation: number;
  observedGeneration: number;
  cognito: { userPoolId: string | null; appClientId: string | null };
  identityProviders: { id: string; name: string; cognitoProviderName: string; version: number }[];
}

const TENANT_VIEW = `query($id: ID!) { tenant(id: $id) {
  id slug status generation observedGeneration cognito { userPoolId appClientId }
  identityProviders { id name cognitoProviderName version } } }`;

/**
 * A customer's OpenID Provider on loopback over https (Cognito, and so the emulator, only takes an https issuer):
 * serves the discovery document under /oidc with a throwaway certificate for 127.0.0.1, which the stack's processes
 * trust through NODE_EXTRA_CA_CERTS.
 */
async function startHttpsOidcIssuer(): Promise<{ issuer: string; caFile: string; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'idplane-e2e-oidc-'));
  const [keyFile, certFile] = [join(dir, 'key.pem'), join(dir, 'cert.pem')];
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  let issuer = '';
  const server: Server = createServer(
    { key: readFileSync(keyFile), cert: readFileSync(certFile) },
    (req, res) => {
      if (req.url !== '/oidc/.well-known/openid-configuration') return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(oidcDiscoveryDocument(issuer)));
    },
  );
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  issuer = `https://127.0.0.1:${(server.address() as { port: number }).port}/oidc`;
  return {
    issuer,
    caFile: certFile,
    close: async () => {
      await new Promise((done) => server.close(() => done(undefined)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * An admin onboards their company's SAML and OIDC IdPs and sets roles over GraphQL; the worker puts them into
 * Cognito (the emulator), which is then read back through the real AWS SDK.
 */
describe('IdP onboarding: GraphQL to Cognito, for both isolation models', () => {
  let stack: TestStack;
  let oidc: Awaited<ReturnType<typeof startHttpsOidcIssuer>>;
  let fakeIdp: FakeIdp;
  let cognito: CognitoIdentityProviderClient;
  const secrets: string[] = [];

  const gql = async <T>(query: string, variables: Record<string, unknown> = {}) => {
    const res = await graphql<T>(stack.apiUrl, query, variables, stack.token);
    expect(res.errors).toBeUndefined();
    return res.data!;
  };
  const view = async (id: string) => (await gql<{ tenant: TenantView }>(TENANT_VIEW, { id })).tenant;
  const inSync = (id: string) =>
    eventually(
      async () => {
        const t = await view(id);
        return t.status === 'ACTIVE' && t.observedGeneration === t.generation ? t : undefined;
      },
      90_000,
      `tenant ${id} to be ACTIVE at its generation`,
    );
  const describeIdp = async (poolId: string, name: string) =>
    (await cognito.send(new DescribeIdentityProviderCommand({ UserPoolId: poolId, ProviderName: name })))
      .IdentityProvider!;
  const supportedIdps = async (t: TenantView) =>
    (
      await cognito.send(
        new DescribeUserPoolClientCommand({
          UserPoolId: t.cognito.userPoolId!,
          ClientId: t.cognito.appClientId!,
        }),
      )
    ).UserPoolClient!.SupportedIdentityProviders!.sort();
  const poolIdpNames = async (poolId: string) =>
    (
      (await cognito.send(new ListIdentityProvidersCommand({ UserPoolId: poolId, MaxResults: 60 })))
        .Providers ?? []
    ).map((p) => p.ProviderName!);

  beforeAll(async () => {
    oidc = await startHttpsOidcIssuer();
    fakeIdp = await startFakeIdp();
    stack = await startTestStack('e2e-idp-onboarding', {
      // One shard: isolation is checked between shared tenants of one pool.
      SHARED_POOL_MIN_SHARDS: '1',
      IDP_FETCH_ALLOW_HTTP: 'true',
      IDP_FETCH_ALLOWLIST: '127.0.0.1/32',
      NODE_EXTRA_CA_CERTS: oidc.caFile,
    });
    cognito = emulatorSdk(stack.emulatorUrl);
  });

  afterAll(async () => {
    cognito?.destroy();
    await stack?.stop();
    await fakeIdp?.close();
    await oidc?.close();
  });

  describe.each([
    ['DEDICATED_POOL', 'northwind', ''],
    ['SHARED_POOL', 'contoso', 'contoso.'],
  ] as const)('a %s tenant', (isolationModel, slug, prefix) => {
    let tenantId: string;
    const secret = `client-secret-${randomBytes(12).toString('hex')}`;
    const domain = `${slug}.example`;

    beforeAll(async () => {
      secrets.push(secret);
      const created = await gql<{ createTenant: { tenant: { id: string } } }>(CREATE_TENANT, {
        input: {
          slug,
          displayName: slug,
          isolationModel,
          callbackUrls: [`https://app.${domain}/callback`],
        },
      });
      tenantId = created.createTenant.tenant.id;
      await inSync(tenantId);
    });

    it('onboards a SAML and an OIDC IdP and sets roles; Cognito gets exactly them', async () => {
      await gql(
        `mutation($t: ID!) { setRoles(tenantId: $t, expectedVersion: 0, roles: [
          { name: "admin", precedence: 1, iamRoleArn: "arn:aws:iam::123456789012:role/${slug}-admin" }
          { name: "member", precedence: 20 }
          { name: "read-only", precedence: 30 }
          { name: "auditor", precedence: 40, iamRoleArn: "arn:aws:iam::123456789012:role/${slug}-audit" }
        ]) { roles { name group } } }`,
        { t: tenantId },
      );
      // The shared tenant's SAML metadata comes from a URL; Cognito still gets the document idplane validated.
      const samlSource =
        isolationModel === 'DEDICATED_POOL'
          ? { metadataXml: testSamlMetadata(`https://sso.${domain}/saml`) }
          : { metadataUrl: fakeIdp.samlMetadataUrl };
      await gql(
        `mutation($t: ID!, $i: AddSamlIdentityProviderInput!) {
          addSamlIdentityProvider(tenantId: $t, input: $i) { identityProvider { cognitoProviderName } } }`,
        {
          t: tenantId,
          i: {
            name: 'corp-saml',
            ...samlSource,
            emailDomains: [domain],
            signOut: true,
            attributeMapping: [{ attribute: 'custom:idp_groups', claim: 'http://schemas.example/groups' }],
          },
        },
      );
      const added = await gql<{
        addOidcIdentityProvider: { identityProvider: { cognitoProviderName: string } };
      }>(
        `mutation($t: ID!, $i: AddOidcIdentityProviderInput!) {
          addOidcIdentityProvider(tenantId: $t, input: $i) { identityProvider { cognitoProviderName } } }`,
        {
          t: tenantId,
          i: {
            name: 'corp-oidc',
            issuer: oidc.issuer,
            clientId: `${slug}-app`,
            clientSecret: secret,
            attributesRequestMethod: 'POST',
            emailDomains: [`staff.${domain}`],
          },
        },
      );
      expect(added.addOidcIdentityProvider.identityProvider.cognitoProviderName).toBe(`${prefix}corp-oidc`);

      const tenant = await inSync(tenantId);
      const poolId = tenant.cognito.userPoolId!;
      expect(tenant.identityProviders.map((p) => p.cognitoProviderName).sort()).toEqual([
        `${prefix}corp-oidc`,
        `${prefix}corp-saml`,
      ]);

      const saml = await describeIdp(poolId, `${prefix}corp-saml`);
      expect(saml).toMatchObject({
        ProviderType: 'SAML',
        ProviderDetails: expect.objectContaining({ IDPSignout: 'true', IDPInit: 'false' }),
        IdpIdentifiers: [domain],
        AttributeMapping: expect.objectContaining({
          email: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress',
          'custom:idp_groups': 'http://schemas.example/groups',
        }),
      });
      expect(saml.ProviderDetails!.MetadataFile).toBe(
        isolationModel === 'DEDICATED_POOL'
          ? testSamlMetadata(`https://sso.${domain}/saml`)
          : testSamlMetadata('https://fetched.example.com/idp'),
      );

      const oidcIdp = await describeIdp(poolId, `${prefix}corp-oidc`);
      expect(oidcIdp).toMatchObject({
        ProviderType: 'OIDC',
        ProviderDetails: expect.objectContaining({
          client_id: `${slug}-app`,
          client_secret: secret,
          oidc_issuer: oidc.issuer,
          authorize_scopes: 'openid email profile',
          attributes_request_method: 'POST',
        }),
        IdpIdentifiers: [`staff.${domain}`],
        AttributeMapping: expect.objectContaining({ email: 'email', 'custom:idp_groups': 'groups' }),
      });

      expect(await supportedIdps(tenant)).toEqual(
        ['COGNITO', `${prefix}corp-oidc`, `${prefix}corp-saml`].sort(),
      );

      for (const [role, precedence, arn] of [
        ['admin', 1, `arn:aws:iam::123456789012:role/${slug}-admin`],
        ['auditor', 40, `arn:aws:iam::123456789012:role/${slug}-audit`],
        ['member', 20, undefined],
      ] as const) {
        const { Group } = await cognito.send(
          new GetGroupCommand({ UserPoolId: poolId, GroupName: `${prefix}${role}` }),
        );
        expect(Group).toMatchObject({ Precedence: precedence });
        expect(Group!.RoleArn).toBe(arn);
      }
    });

    it('removes an IdP from the client and from Cognito', async () => {
      const before = await view(tenantId);
      const samlIdp = before.identityProviders.find((p) => p.name === 'corp-saml')!;
      await gql(
        `mutation($t: ID!, $id: ID!, $v: Int!) {
          removeIdentityProvider(tenantId: $t, id: $id, expectedVersion: $v) { removedIdentityProviderId } }`,
        { t: tenantId, id: samlIdp.id, v: samlIdp.version },
      );
      const tenant = await inSync(tenantId);
      expect(tenant.generation).toBeGreaterThan(before.generation);
      const poolId = tenant.cognito.userPoolId!;
      await expect(describeIdp(poolId, `${prefix}corp-saml`)).rejects.toMatchObject({
        name: 'ResourceNotFoundException',
      });
      expect(await poolIdpNames(poolId)).not.toContain(`${prefix}corp-saml`);
      expect(await supportedIdps(tenant)).toEqual(['COGNITO', `${prefix}corp-oidc`].sort());
    });
  });

  it("keeps each shared tenant's client to its own IdPs, and records runs without secrets", async () => {
    const contoso = (await gql<{ tenantBySlug: { id: string } }>('{ tenantBySlug(slug: "contoso") { id } }'))
      .tenantBySlug;
    const other = await gql<{ createTenant: { tenant: { id: string } } }>(CREATE_TENANT, {
      input: { slug: 'fabrikam', displayName: 'Fabrikam', isolationModel: 'SHARED_POOL' },
    });
    const fabrikam = await inSync(other.createTenant.tenant.id);
    const shared = await view(contoso.id);
    expect(fabrikam.cognito.userPoolId).toBe(shared.cognito.userPoolId);
    expect(await poolIdpNames(shared.cognito.userPoolId!)).toContain('contoso.corp-oidc');
    expect(await supportedIdps(fabrikam)).toEqual(['COGNITO']);

    const runs = await gql<{
      tenant: { reconcileRuns: { edges: { node: { plan: { resource: string; name: string }[] } }[] } };
    }>(
      `query($id: ID!) { tenant(id: $id) { reconcileRuns(first: 20) { edges { node {
        plan { action resource name changes } } } } } }`,
      { id: contoso.id },
    );
    const steps = runs.tenant.reconcileRuns.edges.flatMap((e) => e.node.plan);
    expect(steps).toContainEqual(
      expect.objectContaining({ resource: 'IdentityProvider', name: 'contoso.corp-oidc' }),
    );
    expect(steps).toContainEqual(expect.objectContaining({ resource: 'Group', name: 'contoso.auditor' }));
    const plan = await gql(
      'query($id: ID!) { tenantPlan(id: $id) { plan { action resource name changes } } }',
      { id: contoso.id },
    );
    expect(plan).toEqual({ tenantPlan: { plan: [] } });
    const everything = JSON.stringify(runs) + stack.output();
    for (const secret of secrets) expect(everything).not.toContain(secret);
  });
});
