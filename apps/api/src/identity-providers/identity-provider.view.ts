import type { ListedIdentityProvider as DomainIdentityProvider } from '@idplane/federation';
import type { IdentityProvider } from './identity-provider.types';

/** The GraphQL shape of a provider: type-specific settings flattened, absent ones null. No secret is ever here. */
export function toIdentityProviderView(p: DomainIdentityProvider): IdentityProvider {
  const d = p.details;
  return {
    ...toIdentityProviderSummaryView(p),
    saml: p.saml
      ? {
          entityId: p.saml.entityId,
          ssoUrls: [...p.saml.ssoUrls],
          sloUrls: [...p.saml.sloUrls],
          certificates: [...p.saml.certificates],
          validUntil: p.saml.validUntil,
        }
      : null,
    metadataUrl: d.type === 'SAML' ? d.metadataUrl : null,
    idpInitiatedSignOn: d.type === 'SAML' ? d.idpInitiatedSignOn : null,
    signOut: d.type === 'SAML' ? d.signOut : null,
    requestSigningAlgorithm: d.type === 'SAML' ? d.requestSigningAlgorithm : null,
    encryptedResponses: d.type === 'SAML' ? d.encryptedResponses : null,
    issuer: d.type === 'OIDC' ? d.issuer : null,
    clientId: d.type === 'SAML' ? null : d.clientId,
    scopes: d.type === 'SAML' ? null : [...d.scopes],
    attributesRequestMethod: d.type === 'OIDC' ? d.attributesRequestMethod : null,
    teamId: d.type === 'SAML' || d.type === 'OIDC' ? null : d.teamId,
    keyId: d.type === 'SAML' || d.type === 'OIDC' ? null : d.keyId,
  };
}

/**
 * The provider without its type-specific settings and SAML summary (null): for an operation that asks for none of
 * them, whose IdPs were read without them (IdentityProviderListing `summary`).
 */
export function toIdentityProviderSummaryView(p: DomainIdentityProvider): IdentityProvider {
  return {
    id: p.id,
    name: p.name,
    cognitoProviderName: p.cognitoProviderName,
    type: p.type,
    emailDomains: [...p.emailDomains],
    attributeMapping: Object.entries(p.attributeMapping).map(([attribute, claim]) => ({ attribute, claim })),
    hasSecret: p.hasSecret,
    saml: null,
    metadataUrl: null,
    idpInitiatedSignOn: null,
    signOut: null,
    requestSigningAlgorithm: null,
    encryptedResponses: null,
    issuer: null,
    clientId: null,
    scopes: null,
    attributesRequestMethod: null,
    teamId: null,
    keyId: null,
    version: p.version,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  };
}
