import { Field, GraphQLISODateTime, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IDENTITY_PROVIDER_TYPES, SOCIAL_PROVIDER_TYPES } from '@idplane/federation';
import { Node } from '../graphql/node.interface';
import { Tenant } from '../tenants/tenant.types';

const enumOf = <T extends string>(values: readonly T[]) =>
  Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };

export const IdentityProviderType = enumOf(IDENTITY_PROVIDER_TYPES);
export const SocialIdentityProviderType = enumOf(SOCIAL_PROVIDER_TYPES);
export const SamlRequestSigningAlgorithm = { RSA_SHA256: 'rsa-sha256' } as const;
export const OidcAttributesRequestMethod = { GET: 'GET', POST: 'POST' } as const;

registerEnumType(IdentityProviderType, {
  name: 'IdentityProviderType',
  description: 'The kind of identity provider.',
  valuesMap: {
    SAML: { description: 'A SAML 2.0 IdP (Okta, Entra ID, AD FS, Google Workspace, …).' },
    OIDC: { description: 'An OpenID Connect provider.' },
    GOOGLE: { description: 'Sign in with Google.' },
    FACEBOOK: { description: 'Sign in with Facebook.' },
    LOGIN_WITH_AMAZON: { description: 'Login with Amazon.' },
    SIGN_IN_WITH_APPLE: { description: 'Sign in with Apple.' },
  },
});
registerEnumType(SocialIdentityProviderType, {
  name: 'SocialIdentityProviderType',
  description: 'The social identity providers Cognito supports (dedicated pools only).',
  valuesMap: {
    GOOGLE: { description: 'Sign in with Google.' },
    FACEBOOK: { description: 'Sign in with Facebook.' },
    LOGIN_WITH_AMAZON: { description: 'Login with Amazon.' },
    SIGN_IN_WITH_APPLE: { description: 'Sign in with Apple.' },
  },
});
registerEnumType(SamlRequestSigningAlgorithm, {
  name: 'SamlRequestSigningAlgorithm',
  description: 'How Cognito signs its SAML authentication requests.',
  valuesMap: { RSA_SHA256: { description: 'RSA with SHA-256.' } },
});
registerEnumType(OidcAttributesRequestMethod, {
  name: 'OidcAttributesRequestMethod',
  description: 'The HTTP method Cognito uses on the userinfo endpoint.',
  valuesMap: {
    GET: { description: 'GET, with the access token in the Authorization header.' },
    POST: { description: 'POST, with the access token in the Authorization header.' },
  },
});

@ObjectType({ description: 'One claim of the IdP copied into one user pool attribute at sign-in.' })
export class AttributeMapping {
  @Field({ description: 'The user pool attribute, e.g. `email` or `custom:idp_groups`.' })
  attribute!: string;

  @Field({ description: 'The IdP claim or SAML attribute name it is read from.' })
  claim!: string;
}

@InputType({ description: 'One claim of the IdP copied into one user pool attribute.' })
export class AttributeMappingInput {
  @Field({ description: 'The user pool attribute: a standard attribute or `custom:idp_groups`.' })
  attribute!: string;

  @Field({ description: 'The IdP claim or SAML attribute name.' })
  claim!: string;
}

@ObjectType({ description: 'A SAML endpoint of the IdP.' })
export class SamlEndpoint {
  @Field({ description: 'The SAML binding URI, e.g. urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect.' })
  binding!: string;

  @Field({ description: 'The URL.' })
  location!: string;
}

@ObjectType({ description: 'A certificate from the SAML metadata.' })
export class SamlCertificate {
  @Field({ description: 'signing, encryption, or unspecified (which counts as both).' })
  use!: string;

  @Field({ description: 'The subject distinguished name.' })
  subject!: string;

  @Field({ description: 'The issuer distinguished name.' })
  issuer!: string;

  @Field({ description: 'Start of validity (ISO 8601).' })
  notBefore!: string;

  @Field({ description: 'End of validity (ISO 8601). Expired certificates are accepted with a warning.' })
  notAfter!: string;

  @Field({ description: 'SHA-256 fingerprint, colon-separated hex.' })
  fingerprintSha256!: string;
}

@ObjectType({ description: 'What the SAML metadata said when it was last validated.' })
export class SamlSummary {
  @Field({ description: 'The IdP entityID.' })
  entityId!: string;

  @Field(() => [SamlEndpoint], { description: 'SingleSignOnService endpoints.' })
  ssoUrls!: SamlEndpoint[];

  @Field(() => [SamlEndpoint], { description: 'SingleLogoutService endpoints.' })
  sloUrls!: SamlEndpoint[];

  @Field(() => [SamlCertificate], { description: 'Certificates, with their expiry dates.' })
  certificates!: SamlCertificate[];

  @Field(() => String, { nullable: true, description: "The metadata's earliest validUntil, if any." })
  validUntil!: string | null;
}

@ObjectType({
  description:
    "A tenant's identity provider. Secrets are write-only: only hasSecret shows that one is stored.",
  implements: () => [Node],
})
export class IdentityProvider implements Node {
  @Field(() => ID, { description: 'Stable identifier (UUID).' })
  id!: string;

  @Field({
    description: 'The name the admin gave it, unique in the tenant (social providers: their type name).',
  })
  name!: string;

  @Field({
    description:
      'The Cognito ProviderName, unique in the user pool: the name itself in a dedicated pool, `<slug>.<name>` ' +
      'in the shared pool. Use it as `identity_provider` on the authorize URL.',
  })
  cognitoProviderName!: string;

  @Field(() => IdentityProviderType, { description: 'The kind of provider.' })
  type!: string;

  @Field(() => [String], { description: 'Email domains routed to this IdP (Cognito IdpIdentifiers).' })
  emailDomains!: string[];

  @Field(() => [AttributeMapping], { description: 'Claims copied into user pool attributes.' })
  attributeMapping!: AttributeMapping[];

  @Field({ description: 'Whether a client secret or private key is stored (it is never returned).' })
  hasSecret!: boolean;

  @Field(() => SamlSummary, { nullable: true, description: 'SAML only: the parsed metadata.' })
  saml!: SamlSummary | null;

  @Field(() => String, { nullable: true, description: 'SAML only: the URL the metadata is fetched from.' })
  metadataUrl!: string | null;

  @Field(() => Boolean, { nullable: true, description: 'SAML only: IdP-initiated sign-in allowed.' })
  idpInitiatedSignOn!: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'SAML only: sign-out is sent to the IdP.' })
  signOut!: boolean | null;

  @Field(() => SamlRequestSigningAlgorithm, {
    nullable: true,
    description: 'SAML only: how requests are signed; null when unsigned.',
  })
  requestSigningAlgorithm!: string | null;

  @Field(() => Boolean, { nullable: true, description: 'SAML only: assertions are encrypted.' })
  encryptedResponses!: boolean | null;

  @Field(() => String, {
    nullable: true,
    description: 'OIDC only: the issuer, as its discovery document states it.',
  })
  issuer!: string | null;

  @Field(() => String, { nullable: true, description: 'OIDC and social: the client id at the IdP.' })
  clientId!: string | null;

  @Field(() => [String], { nullable: true, description: 'OIDC and social: the scopes requested.' })
  scopes!: string[] | null;

  @Field(() => OidcAttributesRequestMethod, {
    nullable: true,
    description: 'OIDC only: the userinfo method.',
  })
  attributesRequestMethod!: string | null;

  @Field(() => String, { nullable: true, description: 'Sign in with Apple only: the team id.' })
  teamId!: string | null;

  @Field(() => String, { nullable: true, description: 'Sign in with Apple only: the key id.' })
  keyId!: string | null;

  @Field(() => Int, {
    description: 'Optimistic-locking version; pass it as expectedVersion to change or remove.',
  })
  version!: number;

  @Field(() => GraphQLISODateTime, { description: 'When it was added.' })
  createdAt!: Date;

  @Field(() => GraphQLISODateTime, { description: 'When it last changed.' })
  updatedAt!: Date;
}

@InputType({ description: 'A SAML 2.0 IdP. Give exactly one of metadataXml and metadataUrl.' })
export class AddSamlIdentityProviderInput {
  @Field({ description: '3-32 letters, digits or hyphens; unique in the tenant.' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'The IdP metadata document (no DTDs; at most 1 MiB).' })
  metadataXml?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'An https URL to fetch the metadata from (SSRF-checked).',
  })
  metadataUrl?: string | null;

  @Field(() => [String], {
    nullable: true,
    description: 'Email domains for home-realm discovery; unique across tenants.',
  })
  emailDomains?: string[] | null;

  @Field(() => [AttributeMappingInput], { nullable: true, description: 'Overrides of the default mapping.' })
  attributeMapping?: AttributeMappingInput[] | null;

  @Field(() => Boolean, { nullable: true, description: 'Allow IdP-initiated sign-in (default false).' })
  idpInitiatedSignOn?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Send sign-out to the IdP (default false).' })
  signOut?: boolean | null;

  @Field(() => SamlRequestSigningAlgorithm, {
    nullable: true,
    description: 'Sign requests (default: unsigned).',
  })
  requestSigningAlgorithm?: 'rsa-sha256' | null;

  @Field(() => Boolean, { nullable: true, description: 'Require encrypted assertions (default false).' })
  encryptedResponses?: boolean | null;
}

@InputType({ description: 'An OpenID Connect provider, validated through its discovery document.' })
export class AddOidcIdentityProviderInput {
  @Field({ description: '3-32 letters, digits or hyphens; unique in the tenant.' })
  name!: string;

  @Field({ description: 'The issuer; `<issuer>/.well-known/openid-configuration` is fetched and checked.' })
  issuer!: string;

  @Field({ description: 'The client id registered at the IdP.' })
  clientId!: string;

  @Field(() => String, {
    nullable: true,
    description: 'The client secret: stored encrypted, never returned.',
  })
  clientSecret?: string | null;

  @Field(() => [String], { nullable: true, description: 'Scopes to request (default openid email profile).' })
  scopes?: string[] | null;

  @Field(() => OidcAttributesRequestMethod, { nullable: true, description: 'Userinfo method (default GET).' })
  attributesRequestMethod?: 'GET' | 'POST' | null;

  @Field(() => [AttributeMappingInput], { nullable: true, description: 'Overrides of the default mapping.' })
  attributeMapping?: AttributeMappingInput[] | null;

  @Field(() => [String], {
    nullable: true,
    description: 'Email domains for home-realm discovery; unique across tenants.',
  })
  emailDomains?: string[] | null;
}

@InputType({ description: 'A social IdP. Dedicated pools only; one of each type per tenant.' })
export class AddSocialIdentityProviderInput {
  @Field(() => SocialIdentityProviderType, { description: 'Which social provider.' })
  type!: 'GOOGLE' | 'FACEBOOK' | 'LOGIN_WITH_AMAZON' | 'SIGN_IN_WITH_APPLE';

  @Field({ description: 'The app or Services ID at the provider.' })
  clientId!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Google, Facebook, Login with Amazon: the client secret (stored encrypted, never returned).',
  })
  clientSecret?: string | null;

  @Field(() => [String], {
    nullable: true,
    description: "Scopes to request (default: the type's usual ones).",
  })
  scopes?: string[] | null;

  @Field(() => [AttributeMappingInput], { nullable: true, description: 'Overrides of the default mapping.' })
  attributeMapping?: AttributeMappingInput[] | null;

  @Field(() => String, { nullable: true, description: 'Sign in with Apple: the team id.' })
  teamId?: string | null;

  @Field(() => String, { nullable: true, description: 'Sign in with Apple: the key id.' })
  keyId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Sign in with Apple: the private key, PEM (stored encrypted, never returned).',
  })
  privateKey?: string | null;
}

@InputType({
  description: 'Changes to an IdP. Fields left out keep their value; fields of another type are refused.',
})
export class UpdateIdentityProviderInput {
  @Field(() => ID, { description: 'The identity provider.' })
  id!: string;

  @Field(() => Int, { description: 'IdentityProvider.version as last read; a stale one is CONFLICT.' })
  expectedVersion!: number;

  @Field(() => [String], { nullable: true, description: 'Replaces the email domains.' })
  emailDomains?: string[] | null;

  @Field(() => [AttributeMappingInput], { nullable: true, description: 'Replaces the mapping overrides.' })
  attributeMapping?: AttributeMappingInput[] | null;

  @Field(() => String, { nullable: true, description: 'SAML: new metadata document.' })
  metadataXml?: string | null;

  @Field(() => String, { nullable: true, description: 'SAML: new metadata URL.' })
  metadataUrl?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'SAML: IdP-initiated sign-in.' })
  idpInitiatedSignOn?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'SAML: sign-out to the IdP.' })
  signOut?: boolean | null;

  @Field(() => SamlRequestSigningAlgorithm, { nullable: true, description: 'SAML: request signing.' })
  requestSigningAlgorithm?: 'rsa-sha256' | null;

  @Field(() => Boolean, { nullable: true, description: 'SAML: encrypted assertions.' })
  encryptedResponses?: boolean | null;

  @Field(() => String, { nullable: true, description: 'OIDC: a new issuer (discovery is fetched again).' })
  issuer?: string | null;

  @Field(() => String, { nullable: true, description: 'OIDC and social: the client id.' })
  clientId?: string | null;

  @Field(() => String, { nullable: true, description: 'OIDC and social: a new client secret.' })
  clientSecret?: string | null;

  @Field(() => [String], { nullable: true, description: 'OIDC and social: the scopes.' })
  scopes?: string[] | null;

  @Field(() => OidcAttributesRequestMethod, { nullable: true, description: 'OIDC: the userinfo method.' })
  attributesRequestMethod?: 'GET' | 'POST' | null;

  @Field(() => String, { nullable: true, description: 'Sign in with Apple: the team id.' })
  teamId?: string | null;

  @Field(() => String, { nullable: true, description: 'Sign in with Apple: the key id.' })
  keyId?: string | null;

  @Field(() => String, { nullable: true, description: 'Sign in with Apple: a new private key (PEM).' })
  privateKey?: string | null;
}

@ObjectType({ description: 'The result of adding or changing an identity provider.' })
export class IdentityProviderPayload {
  @Field(() => IdentityProvider, { description: 'The identity provider as stored.' })
  identityProvider!: IdentityProvider;

  @Field(() => [String], {
    description: 'Accepted, but needs attention: expiring certificates and the like.',
  })
  warnings!: string[];

  @Field(() => Tenant, { description: 'The tenant, with its generation bumped.' })
  tenant!: Tenant;
}

@ObjectType({ description: 'The result of removeIdentityProvider.' })
export class RemoveIdentityProviderPayload {
  @Field(() => ID, { description: 'The id of the removed identity provider.' })
  removedIdentityProviderId!: string;

  @Field(() => Tenant, { description: 'The tenant, with its generation bumped.' })
  tenant!: Tenant;
}
