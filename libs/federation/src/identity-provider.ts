import type { SamlCertificateSummary, SamlEndpoint } from './saml-metadata.parser';

export const IDENTITY_PROVIDER_TYPES = [
  'SAML',
  'OIDC',
  'GOOGLE',
  'FACEBOOK',
  'LOGIN_WITH_AMAZON',
  'SIGN_IN_WITH_APPLE',
] as const;
export type IdentityProviderType = (typeof IDENTITY_PROVIDER_TYPES)[number];

export const SOCIAL_PROVIDER_TYPES = [
  'GOOGLE',
  'FACEBOOK',
  'LOGIN_WITH_AMAZON',
  'SIGN_IN_WITH_APPLE',
] as const;
export type SocialProviderType = (typeof SOCIAL_PROVIDER_TYPES)[number];

/** Cognito's ProviderType for each type; Cognito also requires social providers to be named exactly this. */
export const COGNITO_PROVIDER_TYPES: Readonly<Record<IdentityProviderType, string>> = {
  SAML: 'SAML',
  OIDC: 'OIDC',
  GOOGLE: 'Google',
  FACEBOOK: 'Facebook',
  LOGIN_WITH_AMAZON: 'LoginWithAmazon',
  SIGN_IN_WITH_APPLE: 'SignInWithApple',
};

export type SamlRequestSigningAlgorithm = 'rsa-sha256';
export type OidcAttributesRequestMethod = 'GET' | 'POST';

export interface SamlProviderDetails {
  readonly type: 'SAML';
  /** Where the admin pointed us, if anywhere: Cognito can take it as MetadataURL and refresh from it. */
  readonly metadataUrl: string | null;
  /** The document that was validated (as given, or as fetched from metadataUrl): Cognito's MetadataFile. */
  readonly metadataXml: string;
  readonly idpInitiatedSignOn: boolean;
  readonly signOut: boolean;
  readonly requestSigningAlgorithm: SamlRequestSigningAlgorithm | null;
  readonly encryptedResponses: boolean;
}

export interface OidcProviderDetails {
  readonly type: 'OIDC';
  /** As the discovery document states it: Cognito compares it with `iss` character for character. */
  readonly issuer: string;
  readonly clientId: string;
  readonly scopes: readonly string[];
  readonly attributesRequestMethod: OidcAttributesRequestMethod;
  readonly authorizeUrl: string;
  readonly tokenUrl: string;
  readonly jwksUri: string;
  readonly attributesUrl: string | null;
}

export interface SocialProviderDetails {
  readonly type: SocialProviderType;
  readonly clientId: string;
  readonly scopes: readonly string[];
  /** Sign in with Apple only. */
  readonly teamId: string | null;
  readonly keyId: string | null;
}

export type IdentityProviderDetails = SamlProviderDetails | OidcProviderDetails | SocialProviderDetails;

/** What was read from SAML metadata when it was last validated: shown to admins and watched for expiry. */
export interface SamlSummary {
  readonly entityId: string;
  readonly ssoUrls: readonly SamlEndpoint[];
  readonly sloUrls: readonly SamlEndpoint[];
  readonly certificates: readonly SamlCertificateSummary[];
  readonly validUntil: string | null;
}

/** A tenant's identity provider as the API shows it. The secret never leaves the store; only its presence does. */
export interface IdentityProvider {
  readonly id: string;
  readonly tenantId: string;
  /** Unique per tenant, chosen by the admin (social providers: fixed to their Cognito type name). */
  readonly name: string;
  /** Unique per user pool; what Cognito, SupportedIdentityProviders and `identity_provider=` use. */
  readonly cognitoProviderName: string;
  readonly type: IdentityProviderType;
  readonly details: IdentityProviderDetails;
  readonly attributeMapping: Readonly<Record<string, string>>;
  readonly emailDomains: readonly string[];
  readonly saml: SamlSummary | null;
  readonly hasSecret: boolean;
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/**
 * An IdP as a listing shows it: without the SAML metadata document (up to 1 MB; the summary holds what admins read).
 * A provider with its full details is one too.
 */
export interface ListedIdentityProvider extends Omit<IdentityProvider, 'details'> {
  readonly details:
    Omit<SamlProviderDetails, 'metadataXml'> | Exclude<IdentityProviderDetails, SamlProviderDetails>;
}

/** An IdP as stored: with its secret sealed (client_secret, or Apple's private_key). */
export interface StoredIdentityProvider extends IdentityProvider {
  readonly secretCiphertext: string | null;
}
