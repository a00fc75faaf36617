import type { Role } from '@idplane/access';
import type { IdentityProviderDetails } from '@idplane/federation';
import { DEFAULT_OAUTH_SCOPES, DEFAULT_PASSWORD_POLICY } from '@idplane/tenancy';
import type { IdentityProviderToCompile, TenantChildren, TenantToCompile } from '../compile-tenant';
import type { DesiredTenantResources, ObservedTenantResources } from '../desired-state';

/** Small factories for the reconciler's unit tests. */

export const NO_CHILDREN: TenantChildren = { roles: null, identityProviders: [] };

export function tenantToCompile(
  overrides: Partial<TenantToCompile> & Pick<TenantToCompile, 'id' | 'slug' | 'isolationModel'>,
): TenantToCompile {
  return {
    suspended: false,
    callbackUrls: [],
    logoutUrls: [],
    oauthScopes: DEFAULT_OAUTH_SCOPES,
    passwordPolicy: DEFAULT_PASSWORD_POLICY,
    mfa: 'OFF',
    threatProtection: 'OFF',
    deletionProtection: false,
    ...overrides,
  };
}

export function role(name: string, precedence: number, iamRoleArn: string | null = null): Role {
  return { name, description: `${name} role`, precedence, iamRoleArn };
}

let next = 0;
const uuid = () => `00000000-0000-4000-8000-${String(++next).padStart(12, '0')}`;

export function samlIdp(
  cognitoProviderName: string,
  overrides: Partial<Extract<IdentityProviderDetails, { type: 'SAML' }>> = {},
  emailDomains: string[] = [],
): IdentityProviderToCompile {
  return {
    id: uuid(),
    cognitoProviderName,
    type: 'SAML',
    details: {
      type: 'SAML',
      metadataUrl: null,
      metadataXml: `<EntityDescriptor entityID="https://idp.example/${cognitoProviderName}"/>`,
      idpInitiatedSignOn: false,
      signOut: false,
      requestSigningAlgorithm: null,
      encryptedResponses: false,
      ...overrides,
    },
    attributeMapping: { email: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress' },
    emailDomains,
    secretCiphertext: null,
  };
}

export function oidcIdp(
  cognitoProviderName: string,
  sealedSecret: string | null = 'v1:dev:sealed-secret',
  emailDomains: string[] = [],
): IdentityProviderToCompile {
  return {
    id: uuid(),
    cognitoProviderName,
    type: 'OIDC',
    details: {
      type: 'OIDC',
      issuer: 'https://login.example.com',
      clientId: 'idplane-client',
      scopes: ['openid', 'email', 'profile'],
      attributesRequestMethod: 'GET',
      authorizeUrl: 'https://login.example.com/authorize',
      tokenUrl: 'https://login.example.com/token',
      jwksUri: 'https://login.example.com/jwks',
      attributesUrl: 'https://login.example.com/userinfo',
    },
    attributeMapping: { email: 'email', 'custom:idp_groups': 'groups' },
    emailDomains,
    secretCiphertext: sealedSecret,
  };
}

/** What Cognito would report once the desired resources exist exactly, with every secret applied. */
export function inSync(desired: DesiredTenantResources): ObservedTenantResources {
  return {
    userPool: {
      id: 'us-east-1_abc',
      arn: 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc',
      name: desired.userPool.name,
      tags: desired.userPool.tags,
      customAttributes: desired.userPool.customAttributes.map((a) => `custom:${a.name}`),
      settings: desired.userPool.settings,
      domainPrefix: desired.userPool.domainPrefix,
      unmanaged: {},
    },
    appClient: { id: 'client1', ...desired.appClient },
    groups: desired.groups.map((g) => ({ ...g })),
    identityProviders: desired.identityProviders.map((idp) => ({
      name: idp.name,
      providerType: idp.providerType,
      providerDetails: { ...idp.providerDetails },
      attributeMapping: { ...idp.attributeMapping },
      idpIdentifiers: [...idp.idpIdentifiers],
      appliedSecretFingerprint: idp.secret?.fingerprint ?? null,
    })),
    resourceServers: desired.resourceServers.map((r) => ({ ...r, scopes: r.scopes.map((s) => ({ ...s })) })),
    machineClients: desired.machineClients.map(({ enabled, ...c }, i) => ({
      ...c,
      scopes: enabled ? [...c.scopes] : [],
      id: `m2m${i + 1}`,
      clientCredentials: enabled,
    })),
    riskConfiguration: desired.riskConfiguration,
  };
}

export const NOTHING: ObservedTenantResources = {
  userPool: null,
  appClient: null,
  groups: [],
  identityProviders: [],
  resourceServers: [],
  machineClients: [],
  riskConfiguration: null,
};
