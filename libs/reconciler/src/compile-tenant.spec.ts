import { compileTenant, TenantChildren } from './compile-tenant';
import { DesiredGroup } from './desired-state';
import { NO_CHILDREN, oidcIdp, role, samlIdp, tenantToCompile } from './testing/tenant-fixtures';

const ctx = { environment: 'test' };
const ARN = 'arn:aws:iam::123456789012:role/acme-admin';

const compile = (
  isolationModel: 'DEDICATED_POOL' | 'SHARED_POOL',
  children: TenantChildren,
  overrides: { suspended?: boolean } = {},
) =>
  compileTenant(
    tenantToCompile({
      id: '7c1d6f0e-0000-4000-8000-00000000000a',
      slug: 'acme',
      isolationModel,
      ...overrides,
    }),
    ctx,
    children,
  );

describe('compileTenant: groups', () => {
  it.each<[string, 'DEDICATED_POOL' | 'SHARED_POOL', TenantChildren, DesiredGroup[]]>([
    [
      'the default roles in a dedicated pool',
      'DEDICATED_POOL',
      NO_CHILDREN,
      [
        { name: 'admin', description: 'Tenant administrators', precedence: 10, roleArn: null },
        { name: 'member', description: 'Tenant members', precedence: 20, roleArn: null },
        { name: 'read-only', description: 'Read-only access', precedence: 30, roleArn: null },
      ],
    ],
    [
      'the default roles in a shared pool, prefixed and described with the tenant',
      'SHARED_POOL',
      NO_CHILDREN,
      [
        { name: 'acme.admin', description: 'Tenant administrators of acme', precedence: 10, roleArn: null },
        { name: 'acme.member', description: 'Tenant members of acme', precedence: 20, roleArn: null },
        { name: 'acme.read-only', description: 'Read-only access of acme', precedence: 30, roleArn: null },
      ],
    ],
    [
      'saved roles with an IAM role ARN and a custom role',
      'DEDICATED_POOL',
      { roles: [role('admin', 5, ARN), role('finance', 40)], identityProviders: [] },
      [
        { name: 'admin', description: 'admin role', precedence: 5, roleArn: ARN },
        { name: 'finance', description: 'finance role', precedence: 40, roleArn: null },
      ],
    ],
    [
      'a shared-pool role without a description',
      'SHARED_POOL',
      { roles: [{ ...role('ops', 50, ARN), description: '' }], identityProviders: [] },
      [{ name: 'acme.ops', description: 'ops of acme', precedence: 50, roleArn: ARN }],
    ],
  ])('compiles %s', (_case, model, children, groups) => {
    expect(compile(model, children).groups).toEqual(groups);
  });
});

describe('compileTenant: identity providers', () => {
  it('adds the idp_groups attribute (mutable, 2048) to both pool kinds', () => {
    for (const model of ['DEDICATED_POOL', 'SHARED_POOL'] as const)
      expect(compile(model, NO_CHILDREN).userPool.customAttributes).toContainEqual({
        name: 'idp_groups',
        mutable: true,
        maxLength: 2048,
      });
  });

  it('compiles SAML details from the stored row, always as the validated MetadataFile', () => {
    const idp = samlIdp(
      'okta',
      {
        metadataUrl: 'https://okta.example/metadata',
        signOut: true,
        idpInitiatedSignOn: true,
        requestSigningAlgorithm: 'rsa-sha256',
        encryptedResponses: true,
      },
      ['acme.com'],
    );
    const [compiled] = compile('DEDICATED_POOL', { roles: null, identityProviders: [idp] }).identityProviders;
    expect(compiled).toMatchObject({
      name: 'okta',
      providerType: 'SAML',
      providerDetails: {
        MetadataFile: idp.details.type === 'SAML' ? idp.details.metadataXml : '',
        IDPSignout: 'true',
        IDPInit: 'true',
        RequestSigningAlgorithm: 'rsa-sha256',
        EncryptedResponses: 'true',
      },
      idpIdentifiers: ['acme.com'],
      secret: null,
    });
    expect(compiled.providerDetails.MetadataURL).toBeUndefined();
    expect(compiled.managedDetailKeys).toContain('MetadataURL');
  });

  it('compiles OIDC details and keeps the secret sealed, bound to its row', () => {
    const idp = oidcIdp('azure', 'v1:dev:iv:sealed-bytes');
    const [compiled] = compile('DEDICATED_POOL', { roles: null, identityProviders: [idp] }).identityProviders;
    expect(compiled.providerType).toBe('OIDC');
    expect(compiled.providerDetails).toEqual({
      client_id: 'idplane-client',
      authorize_scopes: 'openid email profile',
      oidc_issuer: 'https://login.example.com',
      attributes_request_method: 'GET',
    });
    expect(compiled.secret).toMatchObject({
      detailKey: 'client_secret',
      sealed: 'v1:dev:iv:sealed-bytes',
      context: `identity-provider:${idp.id}`,
    });
    expect(compiled.secret!.fingerprint).not.toContain('sealed');
    const other = compile('DEDICATED_POOL', {
      roles: null,
      identityProviders: [{ ...idp, secretCiphertext: 'v1:dev:iv:other-bytes' }],
    }).identityProviders[0];
    expect(other.secret!.fingerprint).not.toBe(compiled.secret!.fingerprint);
  });

  it.each([
    ['GOOGLE', 'Google', 'openid email', 'client_secret'],
    ['FACEBOOK', 'Facebook', 'openid,email', 'client_secret'],
    ['LOGIN_WITH_AMAZON', 'LoginWithAmazon', 'openid email', 'client_secret'],
    ['SIGN_IN_WITH_APPLE', 'SignInWithApple', 'openid email', 'private_key'],
  ] as const)('compiles %s with its required keys', (type, providerType, scopes, secretKey) => {
    const apple = type === 'SIGN_IN_WITH_APPLE';
    const [compiled] = compile('DEDICATED_POOL', {
      roles: null,
      identityProviders: [
        {
          ...oidcIdp(providerType, 'v1:dev:iv:x'),
          type,
          details: {
            type,
            clientId: 'social-id',
            scopes: ['openid', 'email'],
            teamId: apple ? 'TEAM123456' : null,
            keyId: apple ? 'KEY1234567' : null,
          },
        },
      ],
    }).identityProviders;
    expect(compiled).toMatchObject({
      name: providerType,
      providerType,
      providerDetails: {
        client_id: 'social-id',
        authorize_scopes: scopes,
        ...(apple ? { team_id: 'TEAM123456', key_id: 'KEY1234567' } : {}),
      },
      secret: { detailKey: secretKey },
    });
  });

  it("lists COGNITO and exactly the tenant's IdPs on the client, and makes mapped attributes writable", () => {
    const compiled = compile('SHARED_POOL', {
      roles: null,
      identityProviders: [oidcIdp('acme.azure'), samlIdp('acme.okta')],
    });
    expect(compiled.appClient.supportedIdentityProviders).toEqual(['COGNITO', 'acme.azure', 'acme.okta']);
    expect(compiled.appClient.writeAttributes).toContain('custom:idp_groups');
    expect(compiled.appClient.writeAttributes).not.toContain('custom:tenant_id');
    expect(compiled.sharedPoolSlug).toBe('acme');
  });

  it('keeps a suspended tenant off every sign-in path, IdPs included, while keeping the IdPs', () => {
    const compiled = compile(
      'DEDICATED_POOL',
      { roles: null, identityProviders: [samlIdp('okta')] },
      {
        suspended: true,
      },
    );
    expect(compiled.appClient.supportedIdentityProviders).toEqual([]);
    expect(compiled.identityProviders.map((i) => i.name)).toEqual(['okta']);
  });
});
