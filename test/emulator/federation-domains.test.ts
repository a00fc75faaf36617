import {
  AddCustomAttributesCommand,
  CreateIdentityProviderCommand,
  CreateResourceServerCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  CreateUserPoolDomainCommand,
  DeleteIdentityProviderCommand,
  DeleteResourceServerCommand,
  DeleteUserPoolCommand,
  DeleteUserPoolDomainCommand,
  DescribeIdentityProviderCommand,
  DescribeResourceServerCommand,
  DescribeRiskConfigurationCommand,
  DescribeUserPoolCommand,
  DescribeUserPoolDomainCommand,
  GetIdentityProviderByIdentifierCommand,
  GetUICustomizationCommand,
  ListIdentityProvidersCommand,
  ListResourceServersCommand,
  SetRiskConfigurationCommand,
  SetUICustomizationCommand,
  UpdateIdentityProviderCommand,
  UpdateResourceServerCommand,
  UpdateUserPoolDomainCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { expectAwsError, startHarness, uniqueName, type Harness } from './emulator-harness';

const IDP_METADATA = `<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.acme.test/saml">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.acme.test/sso"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>`;
const SP_METADATA = IDP_METADATA.replace(/IDPSSODescriptor/g, 'SPSSODescriptor');

describe('domains, identity providers, resource servers, UI and risk settings', () => {
  let harness: Harness;
  let idp: CognitoIdentityProviderClient;

  beforeAll(async () => {
    harness = await startHarness();
    idp = harness.idp();
  });
  afterAll(() => harness.close());

  const newPool = async (extra: Record<string, unknown> = {}): Promise<string> =>
    (await idp.send(new CreateUserPoolCommand({ PoolName: uniqueName('pool'), ...extra }))).UserPool!.Id!;

  describe('domains', () => {
    it('creates, describes, updates and deletes a prefix domain, unique per region', async () => {
      const pool = await newPool();
      const prefix = `acme-${Date.now().toString(36)}`;
      await idp.send(new CreateUserPoolDomainCommand({ UserPoolId: pool, Domain: prefix }));
      const { DomainDescription } = await idp.send(new DescribeUserPoolDomainCommand({ Domain: prefix }));
      expect(DomainDescription).toMatchObject({ UserPoolId: pool, Domain: prefix, Status: 'ACTIVE' });
      expect((await idp.send(new DescribeUserPoolCommand({ UserPoolId: pool }))).UserPool!.Domain).toBe(
        prefix,
      );
      const taken = await expectAwsError(
        idp.send(new CreateUserPoolDomainCommand({ UserPoolId: await newPool(), Domain: prefix })),
      );
      expect(taken.name).toBe('InvalidParameterException');
      const blocked = await expectAwsError(idp.send(new DeleteUserPoolCommand({ UserPoolId: pool })));
      expect(blocked.name).toBe('InvalidParameterException');
      await idp.send(
        new UpdateUserPoolDomainCommand({ UserPoolId: pool, Domain: prefix, ManagedLoginVersion: 2 }),
      );
      await idp.send(new DeleteUserPoolDomainCommand({ UserPoolId: pool, Domain: prefix }));
      expect(
        (await idp.send(new DescribeUserPoolDomainCommand({ Domain: prefix }))).DomainDescription,
      ).toEqual({});
      await idp.send(new DeleteUserPoolCommand({ UserPoolId: pool }));
    });

    it('validates domain prefixes and custom domains', async () => {
      const pool = await newPool();
      const upper = await expectAwsError(
        idp.send(new CreateUserPoolDomainCommand({ UserPoolId: pool, Domain: 'Bad_Prefix' })),
      );
      expect(upper.name).toBe('InvalidParameterException');
      const reserved = await expectAwsError(
        idp.send(new CreateUserPoolDomainCommand({ UserPoolId: pool, Domain: 'my-cognito' })),
      );
      expect(reserved.message).toContain('reserved');
      const noCert = await expectAwsError(
        idp.send(new CreateUserPoolDomainCommand({ UserPoolId: pool, Domain: 'auth.acme.example' })),
      );
      expect(noCert.name).toBe('InvalidParameterException');
      const created = await idp.send(
        new CreateUserPoolDomainCommand({
          UserPoolId: pool,
          Domain: 'auth.acme.example',
          CustomDomainConfig: { CertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc' },
        }),
      );
      expect(created.CloudFrontDomain).toMatch(/\.cloudfront\.net$/);
    });
  });

  describe('identity providers', () => {
    it('refuses an attribute mapping onto an attribute the pool lacks, until the schema has it', async () => {
      const pool = await newPool();
      const create = () =>
        idp.send(
          new CreateIdentityProviderCommand({
            UserPoolId: pool,
            ProviderName: 'Mapped',
            ProviderType: 'SAML',
            ProviderDetails: { MetadataFile: IDP_METADATA },
            AttributeMapping: { email: 'mail', 'custom:department': 'dept' },
          }),
        );
      await expect(create()).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message: 'AttributeMapping contains invalid mapping: [custom:department]',
      });
      await idp.send(
        new AddCustomAttributesCommand({
          UserPoolId: pool,
          CustomAttributes: [{ Name: 'department', AttributeDataType: 'String', Mutable: true }],
        }),
      );
      const { IdentityProvider } = await create();
      expect(IdentityProvider!.AttributeMapping).toEqual({ email: 'mail', 'custom:department': 'dept' });
      await expect(
        idp.send(
          new UpdateIdentityProviderCommand({
            UserPoolId: pool,
            ProviderName: 'Mapped',
            AttributeMapping: { shoe_size: 'size' },
          }),
        ),
      ).rejects.toMatchObject({ name: 'InvalidParameterException' });
    });

    it('creates SAML and OIDC providers, finds them by identifier and lists them', async () => {
      const pool = await newPool();
      const { IdentityProvider: saml } = await idp.send(
        new CreateIdentityProviderCommand({
          UserPoolId: pool,
          ProviderName: 'AcmeSaml',
          ProviderType: 'SAML',
          ProviderDetails: { MetadataFile: IDP_METADATA },
          AttributeMapping: { email: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress' },
          IdpIdentifiers: ['acme.com'],
        }),
      );
      expect(saml).toMatchObject({
        ProviderName: 'AcmeSaml',
        ProviderType: 'SAML',
        IdpIdentifiers: ['acme.com'],
      });
      await idp.send(
        new CreateIdentityProviderCommand({
          UserPoolId: pool,
          ProviderName: 'AcmeOidc',
          ProviderType: 'OIDC',
          ProviderDetails: {
            client_id: 'c',
            client_secret: 's',
            authorize_scopes: 'openid email',
            oidc_issuer: 'https://login.acme.test',
          },
          IdpIdentifiers: ['acme.org'],
        }),
      );
      const byId = await idp.send(
        new GetIdentityProviderByIdentifierCommand({ UserPoolId: pool, IdpIdentifier: 'acme.org' }),
      );
      expect(byId.IdentityProvider!.ProviderName).toBe('AcmeOidc');
      expect(byId.IdentityProvider!.ProviderDetails!.attributes_request_method).toBe('GET');
      const page1 = await idp.send(new ListIdentityProvidersCommand({ UserPoolId: pool, MaxResults: 1 }));
      const page2 = await idp.send(
        new ListIdentityProvidersCommand({ UserPoolId: pool, MaxResults: 1, NextToken: page1.NextToken }),
      );
      expect([...page1.Providers!, ...page2.Providers!].map((p) => p.ProviderName).sort()).toEqual([
        'AcmeOidc',
        'AcmeSaml',
      ]);
      expect(page2.NextToken).toBeUndefined();
      // A client may now name the provider.
      await idp.send(
        new CreateUserPoolClientCommand({
          UserPoolId: pool,
          ClientName: 'sso',
          SupportedIdentityProviders: ['COGNITO', 'AcmeSaml'],
        }),
      );
      await idp.send(
        new UpdateIdentityProviderCommand({
          UserPoolId: pool,
          ProviderName: 'AcmeSaml',
          IdpIdentifiers: ['acme.com', 'acme.net'],
        }),
      );
      const { IdentityProvider: updated } = await idp.send(
        new DescribeIdentityProviderCommand({ UserPoolId: pool, ProviderName: 'AcmeSaml' }),
      );
      expect(updated!.IdpIdentifiers).toEqual(['acme.com', 'acme.net']);
      await idp.send(new DeleteIdentityProviderCommand({ UserPoolId: pool, ProviderName: 'AcmeOidc' }));
      const gone = await expectAwsError(
        idp.send(new DescribeIdentityProviderCommand({ UserPoolId: pool, ProviderName: 'AcmeOidc' })),
      );
      expect(gone.name).toBe('ResourceNotFoundException');
      const noIdentifier = await expectAwsError(
        idp.send(new GetIdentityProviderByIdentifierCommand({ UserPoolId: pool, IdpIdentifier: 'acme.org' })),
      );
      expect(noIdentifier.name).toBe('ResourceNotFoundException');
    });

    it('refuses duplicates, bad metadata and missing provider details', async () => {
      const pool = await newPool();
      const saml = (name: string, details: Record<string, string>, ids?: string[]) =>
        idp.send(
          new CreateIdentityProviderCommand({
            UserPoolId: pool,
            ProviderName: name,
            ProviderType: 'SAML',
            ProviderDetails: details,
            IdpIdentifiers: ids,
          }),
        );
      await saml('One', { MetadataURL: 'https://idp.one.test/metadata' }, ['one.test']);
      expect((await expectAwsError(saml('One', { MetadataURL: 'https://x.test/m' }))).name).toBe(
        'DuplicateProviderException',
      );
      expect(
        (await expectAwsError(saml('Two', { MetadataURL: 'https://x.test/m' }, ['one.test']))).name,
      ).toBe('DuplicateProviderException');
      const sp = await expectAwsError(saml('Three', { MetadataFile: SP_METADATA }));
      expect(sp.name).toBe('InvalidParameterException');
      const garbage = await expectAwsError(saml('Four', { MetadataFile: '<not xml' }));
      expect(garbage.name).toBe('InvalidParameterException');
      const neither = await expectAwsError(saml('Five', {}));
      expect(neither.name).toBe('InvalidParameterException');
      const google = await expectAwsError(
        idp.send(
          new CreateIdentityProviderCommand({
            UserPoolId: pool,
            ProviderName: 'Google',
            ProviderType: 'Google',
            ProviderDetails: { client_id: 'x' },
          }),
        ),
      );
      expect(google.message).toContain('client_secret');
      const apple = await expectAwsError(
        idp.send(
          new CreateIdentityProviderCommand({
            UserPoolId: pool,
            ProviderName: 'Apple',
            ProviderType: 'SignInWithApple',
            ProviderDetails: {
              client_id: 'x',
              team_id: 't',
              key_id: 'k',
              private_key: 'p',
              authorize_scopes: 'email',
            },
          }),
        ),
      );
      expect(apple.name).toBe('InvalidParameterException');
      const badName = await expectAwsError(saml('bad name_', { MetadataURL: 'https://x.test/m' }));
      expect(badName.message).toContain("at 'providerName'");
      const longId = await expectAwsError(saml('Six', { MetadataURL: 'https://x.test/m' }, ['a'.repeat(41)]));
      expect(longId.message).toContain("at 'idpIdentifiers.1.member'");
    });

    it('creates Facebook and Login with Amazon providers with the details each type requires', async () => {
      const pool = await newPool();
      const social = (type: 'Facebook' | 'LoginWithAmazon', details: Record<string, string>) =>
        idp.send(
          new CreateIdentityProviderCommand({
            UserPoolId: pool,
            ProviderName: type,
            ProviderType: type,
            ProviderDetails: details,
            AttributeMapping: { email: 'email' },
          }),
        );
      await social('Facebook', {
        client_id: 'fb',
        client_secret: 's',
        authorize_scopes: 'public_profile,email',
      });
      const { IdentityProvider } = await idp.send(
        new DescribeIdentityProviderCommand({ UserPoolId: pool, ProviderName: 'Facebook' }),
      );
      expect(IdentityProvider).toMatchObject({
        ProviderType: 'Facebook',
        AttributeMapping: { email: 'email' },
      });
      expect(IdentityProvider!.ProviderDetails).toMatchObject({
        client_id: 'fb',
        authorize_scopes: 'public_profile,email',
      });
      const noSecret = await expectAwsError(
        social('LoginWithAmazon', { client_id: 'amzn', authorize_scopes: 'profile' }),
      );
      expect(noSecret.name).toBe('InvalidParameterException');
      expect(noSecret.message).toContain('client_secret');
      await social('LoginWithAmazon', { client_id: 'amzn', client_secret: 's', authorize_scopes: 'profile' });
      const wrongName = await expectAwsError(
        idp.send(
          new CreateIdentityProviderCommand({
            UserPoolId: pool,
            ProviderName: 'Amazon',
            ProviderType: 'LoginWithAmazon',
            ProviderDetails: { client_id: 'amzn', client_secret: 's', authorize_scopes: 'profile' },
          }),
        ),
      );
      expect(wrongName.message).toContain('must be LoginWithAmazon');
    });

    it('enforces the identity providers per pool quota', async () => {
      await harness.admin('POST', 'quotas', { limits: { identityProvidersPerPool: 1 } });
      try {
        const pool = await newPool();
        const create = (name: string) =>
          idp.send(
            new CreateIdentityProviderCommand({
              UserPoolId: pool,
              ProviderName: name,
              ProviderType: 'SAML',
              ProviderDetails: { MetadataURL: 'https://x.test/m' },
            }),
          );
        await create('First');
        expect((await expectAwsError(create('Second'))).name).toBe('LimitExceededException');
      } finally {
        await harness.admin('POST', 'quotas', { limits: { identityProvidersPerPool: 300 } });
      }
    });
  });

  describe('resource servers', () => {
    it('creates, updates, lists and lets clients use its scopes', async () => {
      const pool = await newPool();
      await idp.send(
        new CreateResourceServerCommand({
          UserPoolId: pool,
          Identifier: 'https://api.acme.test',
          Name: 'api',
          Scopes: [{ ScopeName: 'read', ScopeDescription: 'Read' }],
        }),
      );
      const dup = await expectAwsError(
        idp.send(
          new CreateResourceServerCommand({
            UserPoolId: pool,
            Identifier: 'https://api.acme.test',
            Name: 'api',
          }),
        ),
      );
      expect(dup.name).toBe('InvalidParameterException');
      await idp.send(
        new UpdateResourceServerCommand({
          UserPoolId: pool,
          Identifier: 'https://api.acme.test',
          Name: 'api2',
          Scopes: [
            { ScopeName: 'read', ScopeDescription: 'Read' },
            { ScopeName: 'write', ScopeDescription: 'Write' },
          ],
        }),
      );
      const { ResourceServer } = await idp.send(
        new DescribeResourceServerCommand({ UserPoolId: pool, Identifier: 'https://api.acme.test' }),
      );
      expect(ResourceServer!.Scopes).toHaveLength(2);
      const { ResourceServers } = await idp.send(
        new ListResourceServersCommand({ UserPoolId: pool, MaxResults: 10 }),
      );
      expect(ResourceServers!.map((r) => r.Name)).toEqual(['api2']);
      const { UserPoolClient } = await idp.send(
        new CreateUserPoolClientCommand({
          UserPoolId: pool,
          ClientName: 'm2m',
          GenerateSecret: true,
          AllowedOAuthFlows: ['client_credentials'],
          AllowedOAuthScopes: ['https://api.acme.test/write'],
          AllowedOAuthFlowsUserPoolClient: true,
        }),
      );
      expect(UserPoolClient!.AllowedOAuthScopes).toEqual(['https://api.acme.test/write']);
      const noSecret = await expectAwsError(
        idp.send(
          new CreateUserPoolClientCommand({
            UserPoolId: pool,
            ClientName: 'm2m',
            AllowedOAuthFlows: ['client_credentials'],
            AllowedOAuthScopes: ['https://api.acme.test/write'],
            AllowedOAuthFlowsUserPoolClient: true,
          }),
        ),
      );
      expect(noSecret.name).toBe('InvalidOAuthFlowException');
      await idp.send(
        new DeleteResourceServerCommand({ UserPoolId: pool, Identifier: 'https://api.acme.test' }),
      );
      const gone = await expectAwsError(
        idp.send(
          new DescribeResourceServerCommand({ UserPoolId: pool, Identifier: 'https://api.acme.test' }),
        ),
      );
      expect(gone.name).toBe('ResourceNotFoundException');
    });
  });

  describe('UI customization and risk configuration', () => {
    it('needs a domain for UI customization and falls back to the pool-wide one', async () => {
      const pool = await newPool();
      const noDomain = await expectAwsError(
        idp.send(new SetUICustomizationCommand({ UserPoolId: pool, CSS: '.x{}' })),
      );
      expect(noDomain.name).toBe('InvalidParameterException');
      await idp.send(
        new CreateUserPoolDomainCommand({ UserPoolId: pool, Domain: `ui-${Date.now().toString(36)}` }),
      );
      await idp.send(new SetUICustomizationCommand({ UserPoolId: pool, CSS: '.banner-customizable{}' }));
      const { UserPoolClient } = await idp.send(
        new CreateUserPoolClientCommand({ UserPoolId: pool, ClientName: 'c' }),
      );
      const { UICustomization } = await idp.send(
        new GetUICustomizationCommand({ UserPoolId: pool, ClientId: UserPoolClient!.ClientId }),
      );
      expect(UICustomization).toMatchObject({ ClientId: 'ALL', CSS: '.banner-customizable{}' });
    });

    it('needs advanced security for risk configuration', async () => {
      const plain = await newPool();
      const refused = await expectAwsError(
        idp.send(
          new SetRiskConfigurationCommand({
            UserPoolId: plain,
            RiskExceptionConfiguration: { BlockedIPRangeList: ['10.0.0.0/8'] },
          }),
        ),
      );
      expect(refused.name).toBe('UserPoolAddOnNotEnabledException');
      const secured = await newPool({
        UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
        UserPoolTier: 'PLUS',
      });
      await idp.send(
        new SetRiskConfigurationCommand({
          UserPoolId: secured,
          RiskExceptionConfiguration: { BlockedIPRangeList: ['10.0.0.0/8'] },
        }),
      );
      const { RiskConfiguration } = await idp.send(
        new DescribeRiskConfigurationCommand({ UserPoolId: secured }),
      );
      expect(RiskConfiguration!.RiskExceptionConfiguration).toEqual({ BlockedIPRangeList: ['10.0.0.0/8'] });
    });
  });
});
