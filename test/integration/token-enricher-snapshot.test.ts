import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CognitoIdentityProviderClient,
  DescribeIdentityProviderCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { CognitoClients } from '@idplane/cognito';
import {
  AdvisoryLocks,
  postgresReconcileSources,
  TypeOrmReconcileRunStore,
  TypeOrmTenantStore,
} from '@idplane/persistence';
import { TenantReconciler } from '@idplane/reconciler';
import { developmentSecretKeyring, SecretCipher } from '@idplane/secrets';
import { createEnricher, EnricherLog, SignInRefusedError } from '../../apps/token-enricher/src/handler';
import { PreTokenGenerationEvent } from '../../apps/token-enricher/src/pre-token-generation-event';
import { CachedSnapshotSource, HttpSnapshotLoader } from '../../apps/token-enricher/src/snapshot-source';
import { testSamlMetadata } from '../../libs/federation/src/testing/saml-metadata.factory';
import { CREATE_TENANT, graphql } from '../support/graphql-client';
import { startTestApi, TestApi } from '../support/test-api';
import { emulatorSdk } from '../support/cognito-sdk';

const SNAPSHOT_TOKEN = 'token-enricher-snapshot-secret-0123456789abcdef';
const ADMIN_ARN = 'arn:aws:iam::123456789012:role/acme-admin';
const REGION = 'us-east-1';

const ADD_SAML = `mutation($t: ID!, $input: AddSamlIdentityProviderInput!) {
  addSamlIdentityProvider(tenantId: $t, input: $input) { identityProvider { name cognitoProviderName } } }`;
const SET_ROLES = `mutation($t: ID!, $roles: [RoleInput!]!, $v: Int!) {
  setRoles(tenantId: $t, roles: $roles, expectedVersion: $v) { roles { name } } }`;
const SET_MAPPINGS = `mutation($t: ID!, $rules: [RoleMappingRuleInput!]!, $v: Int!, $d: String) {
  setRoleMappings(tenantId: $t, rules: $rules, expectedVersion: $v, defaultRole: $d) { roleMappings { version } } }`;

interface Tenant {
  id: string;
  userPoolId: string;
  appClientId: string;
  /** The Cognito ProviderName of the tenant's `okta` IdP, as idplane named it in the shared pool. */
  okta: string;
}

/** The recorded V2_0 SAML event (apps/token-enricher/test-events), adjusted to what the emulator really holds. */
function samlEvent(
  t: Tenant,
  attributes: Record<string, string>,
  clientId = t.appClientId,
): PreTokenGenerationEvent {
  const path = join(__dirname, '../../apps/token-enricher/test-events/saml-user.json');
  const e = JSON.parse(readFileSync(path, 'utf8')) as PreTokenGenerationEvent;
  const [identity] = JSON.parse(e.request.userAttributes.identities) as Record<string, unknown>[];
  e.region = REGION;
  e.userPoolId = t.userPoolId;
  e.callerContext.clientId = clientId;
  e.request.userAttributes = {
    ...e.request.userAttributes,
    identities: JSON.stringify([{ ...identity, providerName: t.okta }]),
    ...attributes,
  };
  e.request.groupConfiguration.groupsToOverride = [`${t.userPoolId}_${t.okta}`];
  return e;
}

describe('token enricher against the real api snapshot endpoint', () => {
  let api: TestApi;
  let sdk: CognitoIdentityProviderClient;
  let clients: CognitoClients;
  let acme: Tenant;
  let globex: Tenant;

  const ok = async <T>(query: string, variables: Record<string, unknown>, token: string): Promise<T> => {
    const res = await graphql<T>(api.url, query, variables, token);
    if (!res.data || res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data;
  };

  /** A shared-pool tenant with an `okta` SAML IdP, roles and rules, all through GraphQL, then reconciled. */
  async function provision(
    slug: string,
    token: string,
    reconciler: TenantReconciler,
    store: TypeOrmTenantStore,
    rules: Record<string, unknown>[],
  ): Promise<Tenant> {
    const created = await ok<{ createTenant: { tenant: { id: string } } }>(
      CREATE_TENANT,
      { input: { slug, displayName: slug, isolationModel: 'SHARED_POOL', region: REGION } },
      token,
    );
    const id = created.createTenant.tenant.id;
    const added = await ok<{
      addSamlIdentityProvider: { identityProvider: { cognitoProviderName: string } };
    }>(
      ADD_SAML,
      { t: id, input: { name: 'okta', metadataXml: testSamlMetadata(`http://www.okta.com/${slug}`) } },
      token,
    );
    await ok(
      SET_ROLES,
      {
        t: id,
        roles: [
          { name: 'admin', precedence: 10, ...(slug === 'acme' ? { iamRoleArn: ADMIN_ARN } : {}) },
          { name: 'member', precedence: 20 },
          { name: 'read-only', precedence: 30 },
        ],
        v: 0,
      },
      token,
    );
    await ok(SET_MAPPINGS, { t: id, rules, v: 1, d: 'read-only' }, token);
    const report = await reconciler.reconcile(id, 'create');
    expect(report.outcome).toBe('synced');
    const saved = (await store.findById(id))!;
    return {
      id,
      userPoolId: saved.cognito.userPoolId!,
      appClientId: saved.cognito.appClientId!,
      okta: added.addSamlIdentityProvider.identityProvider.cognitoProviderName,
    };
  }

  function enricherFor(token: string) {
    const logs: Record<string, unknown>[] = [];
    const failures: unknown[] = [];
    const log: EnricherLog = (entry) => logs.push(entry);
    const loader = new HttpSnapshotLoader(`${api.url}/internal/access/snapshot`, 3000, token);
    const snapshot = new CachedSnapshotSource(loader, {
      ttlMs: 60_000,
      maxStaleMs: 0,
      retryAfterFailureMs: 60_000,
      onLoadFailure: (error) => failures.push(error),
    });
    return { enrich: createEnricher({ snapshot, blockSignInOnTenantMismatch: false, log }), logs, failures };
  }

  beforeAll(async () => {
    api = await startTestApi('token_enricher_snapshot', { ACCESS_SNAPSHOT_TOKEN: SNAPSHOT_TOKEN });
    const token = await api.auth.tokenFor({ role: 'platform-admin' });
    const store = new TypeOrmTenantStore(api.db.dataSource);
    clients = new CognitoClients({ endpoint: api.emulatorUrl });
    const reconciler = new TenantReconciler(
      store,
      postgresReconcileSources(api.db.dataSource, new SecretCipher(developmentSecretKeyring())),
      clients,
      new AdvisoryLocks(api.db.dataSource),
      { environment: 'enricher', region: REGION },
      { runs: new TypeOrmReconcileRunStore(api.db.dataSource) },
    );
    acme = await provision('acme', token, reconciler, store, [
      {
        identityProvider: 'okta',
        claim: 'groups',
        matchType: 'EQUALS',
        value: 'Finance-Admins',
        role: 'admin',
      },
      { claim: 'groups', matchType: 'STARTS_WITH', value: 'eng-', role: 'member' },
    ]);
    globex = await provision('globex', token, reconciler, store, [
      {
        identityProvider: 'okta',
        claim: 'groups',
        matchType: 'EQUALS',
        value: 'Globex-Admins',
        role: 'admin',
      },
    ]);
    sdk = emulatorSdk(api.emulatorUrl, REGION);
  });

  afterAll(async () => {
    sdk?.destroy();
    clients?.destroy();
    await api?.close();
  });

  it('the tenants share one pool, where their okta IdPs are acme.okta and globex.okta', async () => {
    expect(globex.userPoolId).toBe(acme.userPoolId);
    expect([acme.okta, globex.okta]).toEqual(['acme.okta', 'globex.okta']);
    for (const name of [acme.okta, globex.okta]) {
      const described = await sdk.send(
        new DescribeIdentityProviderCommand({ UserPoolId: acme.userPoolId, ProviderName: name }),
      );
      // The reconciler maps the IdP's group claim where the enricher's rules on `groups` look for it.
      expect(described.IdentityProvider?.AttributeMapping?.['custom:idp_groups']).toBeTruthy();
    }
  });

  it('loads the snapshot over HTTP with SNAPSHOT_TOKEN and enriches a SAML user of acme', async () => {
    const { enrich, failures } = enricherFor(SNAPSHOT_TOKEN);
    const out = await enrich(
      samlEvent(acme, { 'custom:idp_groups': '[Everyone, Finance-Admins, eng-platform]' }),
    );
    expect(failures).toEqual([]);
    const details = out.response.claimsAndScopeOverrideDetails!;
    expect(details.groupOverrideDetails).toEqual({
      groupsToOverride: ['acme.admin', 'acme.member'],
      iamRolesToOverride: [ADMIN_ARN],
      preferredRole: ADMIN_ARN,
    });
    const claims = { tenant_id: acme.id, roles: ['admin', 'member'] };
    expect(details.idTokenGeneration?.claimsToAddOrOverride).toEqual(claims);
    expect(details.accessTokenGeneration?.claimsToAddOrOverride).toEqual(claims);
  });

  it("a globex user through globex's client, with claims matching acme's rules, gets nothing of acme", async () => {
    const { enrich } = enricherFor(SNAPSHOT_TOKEN);
    const out = await enrich(samlEvent(globex, { 'custom:idp_groups': '[Finance-Admins, eng-platform]' }));
    const details = out.response.claimsAndScopeOverrideDetails!;
    expect(details.groupOverrideDetails).toEqual({
      groupsToOverride: ['globex.read-only'],
      iamRolesToOverride: [],
    });
    expect(details.idTokenGeneration?.claimsToAddOrOverride).toEqual({
      tenant_id: globex.id,
      roles: ['read-only'],
    });
  });

  it("a user whose custom:tenant_id says acme, through globex's client, gets nothing of acme", async () => {
    const { enrich, logs } = enricherFor(SNAPSHOT_TOKEN);
    const event = samlEvent(
      acme,
      { 'custom:tenant_id': acme.id, 'custom:idp_groups': '[Finance-Admins]' },
      globex.appClientId,
    );
    const out = await enrich(event);
    expect(out.response.claimsAndScopeOverrideDetails).toEqual({
      groupOverrideDetails: { groupsToOverride: [], iamRolesToOverride: [] },
    });
    expect(logs[0]).toMatchObject({ outcome: 'denied', reason: 'tenant-mismatch' });
  });

  it('with a wrong token the endpoint refuses, and the enricher fails safe: no roles, no tenant', async () => {
    const { enrich, logs, failures } = enricherFor('not-the-snapshot-token-0123456789abcdef');
    const out = await enrich(samlEvent(acme, { 'custom:idp_groups': '[Finance-Admins]' }));
    expect(String(failures[0])).toMatch(/HTTP 401/);
    expect(out.response.claimsAndScopeOverrideDetails).toEqual({
      groupOverrideDetails: { groupsToOverride: [], iamRolesToOverride: [] },
    });
    expect(logs[0]).toMatchObject({ outcome: 'denied', reason: 'snapshot-unavailable' });
  });

  it('the Lambda entry point, configured from env, sends SNAPSHOT_TOKEN', async () => {
    const env = { SNAPSHOT_URL: `${api.url}/internal/access/snapshot`, SNAPSHOT_TOKEN };
    const previous = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
    const lines: string[] = [];
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    Object.assign(process.env, env);
    try {
      await jest.isolateModulesAsync(async () => {
        const { handler } = await import('../../apps/token-enricher/src/handler');
        const out = await handler(samlEvent(acme, { 'custom:idp_groups': '[eng-platform]' }));
        expect(out.response.claimsAndScopeOverrideDetails?.idTokenGeneration?.claimsToAddOrOverride).toEqual({
          tenant_id: acme.id,
          roles: ['member'],
        });
      });
      expect(lines.map((l) => JSON.parse(l))).toEqual([
        expect.objectContaining({ msg: 'pre token generation', outcome: 'enriched', tenantId: acme.id }),
      ]);
    } finally {
      write.mockRestore();
      for (const [k, v] of Object.entries(previous)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });
  it("refuses every token of a suspended tenant's users (refresh included) until it is resumed", async () => {
    const token = await api.auth.tokenFor({ role: 'platform-admin' });
    const version = async () =>
      (
        await ok<{ tenant: { version: number } }>(
          'query($id: ID!) { tenant(id: $id) { version } }',
          { id: globex.id },
          token,
        )
      ).tenant.version;
    await ok(
      'mutation($id: ID!, $v: Int!) { suspendTenant(id: $id, expectedVersion: $v) { tenant { id } } }',
      { id: globex.id, v: await version() },
      token,
    );
    const suspended = enricherFor(SNAPSHOT_TOKEN);
    for (const triggerSource of ['TokenGeneration_HostedAuth', 'TokenGeneration_RefreshTokens']) {
      const event = { ...samlEvent(globex, { 'custom:idp_groups': '[Globex-Admins]' }), triggerSource };
      await expect(suspended.enrich(event)).rejects.toThrow(SignInRefusedError);
    }
    expect(suspended.logs[0]).toMatchObject({
      outcome: 'denied',
      reason: 'tenant-suspended',
      tenantId: globex.id,
    });
    const acmeOut = await suspended.enrich(samlEvent(acme, { 'custom:idp_groups': '[eng-platform]' }));
    expect(acmeOut.response.claimsAndScopeOverrideDetails?.idTokenGeneration?.claimsToAddOrOverride).toEqual({
      tenant_id: acme.id,
      roles: ['member'],
    });

    await ok(
      'mutation($id: ID!, $v: Int!) { resumeTenant(id: $id, expectedVersion: $v) { tenant { id } } }',
      { id: globex.id, v: await version() },
      token,
    );
    const resumed = await enricherFor(SNAPSHOT_TOKEN).enrich(
      samlEvent(globex, { 'custom:idp_groups': '[Globex-Admins]' }),
    );
    expect(resumed.response.claimsAndScopeOverrideDetails?.idTokenGeneration?.claimsToAddOrOverride).toEqual({
      tenant_id: globex.id,
      roles: ['admin'],
    });
  });
});
