import { invalidParameter } from '../protocol/aws-error';
import { isSamlIdpMetadata } from './saml-metadata.validator';

const REQUIRED_DETAILS: Record<string, string[]> = {
  OIDC: ['client_id', 'authorize_scopes', 'oidc_issuer'],
  Google: ['client_id', 'client_secret', 'authorize_scopes'],
  Facebook: ['client_id', 'client_secret', 'authorize_scopes'],
  LoginWithAmazon: ['client_id', 'client_secret', 'authorize_scopes'],
  SignInWithApple: ['client_id', 'team_id', 'key_id', 'private_key', 'authorize_scopes'],
};

/** Social providers must be named after their type. */
const FIXED_NAMES = new Set(['Google', 'Facebook', 'LoginWithAmazon', 'SignInWithApple']);

export function checkProviderName(name: string, type: string): void {
  if (name === 'COGNITO' || name === 'Cognito')
    throw invalidParameter('The provider name COGNITO is reserved.');
  if (FIXED_NAMES.has(type) && name !== type) {
    throw invalidParameter(`Provider name for ${type} must be ${type}.`);
  }
  if (!FIXED_NAMES.has(type) && FIXED_NAMES.has(name)) {
    throw invalidParameter(`Provider name ${name} is reserved for the ${name} provider type.`);
  }
}

/** Checks ProviderDetails for the keys each provider type requires; returns the details as stored. */
export function validateProviderDetails(
  type: string,
  details: Record<string, string>,
): Record<string, string> {
  if (type === 'SAML') {
    const hasUrl = typeof details.MetadataURL === 'string' && details.MetadataURL !== '';
    const hasFile = typeof details.MetadataFile === 'string' && details.MetadataFile !== '';
    if (hasUrl === hasFile)
      throw invalidParameter('Exactly one of MetadataURL or MetadataFile must be provided.');
    if (hasFile && !isSamlIdpMetadata(details.MetadataFile)) {
      throw invalidParameter('Invalid SAML metadata: expected an EntityDescriptor with an IDPSSODescriptor.');
    }
    if (hasUrl && !/^https:\/\//.test(details.MetadataURL)) {
      throw invalidParameter('MetadataURL must be an https URL.');
    }
    return { ...details };
  }
  const required = REQUIRED_DETAILS[type] ?? [];
  const missing = required.filter((key) => !details[key]);
  if (missing.length > 0)
    throw invalidParameter(
      `${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} required for ${type}.`,
    );
  if (type === 'OIDC') {
    const issuer = details.oidc_issuer;
    if (!/^https:\/\//.test(issuer)) throw invalidParameter('oidc_issuer must be an https URL.');
    const method = details.attributes_request_method ?? 'GET';
    if (method !== 'GET' && method !== 'POST')
      throw invalidParameter('attributes_request_method must be GET or POST.');
    return { attributes_request_method: method, ...details };
  }
  return { ...details };
}
