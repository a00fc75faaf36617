import { COGNITO_PROVIDER_TYPES, type IdentityProviderDetails } from '@idplane/federation';

/** ProviderDetails as idplane sends them, with the keys it owns and where the secret goes (never the secret). */
export interface CognitoProviderDetails {
  providerType: string;
  details: Record<string, string>;
  managedKeys: string[];
  secretKey: string | null;
}

const SAML_FLAGS = ['IDPSignout', 'IDPInit', 'EncryptedResponses'];
/** Keys whose values are secrets: stripped from everything observed, and never compared. */
export const SECRET_DETAIL_KEYS: readonly string[] = ['client_secret', 'private_key'];

/**
 * Cognito's ProviderDetails for a stored IdP. SAML always gets MetadataFile, the document idplane validated and
 * summarised, even when the admin gave a metadataUrl: Cognito then trusts exactly the certificates idplane shows and
 * watches, a refreshed document reaches Cognito through the reconcile its generation bump triggers, and development
 * IdPs on http (which Cognito would refuse as a MetadataURL) work too.
 */
export function cognitoProviderDetails(details: IdentityProviderDetails): CognitoProviderDetails {
  switch (details.type) {
    case 'SAML':
      return {
        providerType: COGNITO_PROVIDER_TYPES.SAML,
        details: {
          MetadataFile: details.metadataXml,
          IDPSignout: String(details.signOut),
          IDPInit: String(details.idpInitiatedSignOn),
          EncryptedResponses: String(details.encryptedResponses),
          ...(details.requestSigningAlgorithm
            ? { RequestSigningAlgorithm: details.requestSigningAlgorithm }
            : {}),
        },
        // MetadataURL is owned so that one set behind idplane's back (replacing the file) counts as drift.
        managedKeys: ['MetadataFile', 'MetadataURL', ...SAML_FLAGS, 'RequestSigningAlgorithm'],
        secretKey: null,
      };
    case 'OIDC':
      return {
        providerType: COGNITO_PROVIDER_TYPES.OIDC,
        // The endpoints are left to Cognito's own discovery from oidc_issuer, as the API validated it.
        details: {
          client_id: details.clientId,
          authorize_scopes: details.scopes.join(' '),
          oidc_issuer: details.issuer,
          attributes_request_method: details.attributesRequestMethod,
        },
        managedKeys: ['client_id', 'authorize_scopes', 'oidc_issuer', 'attributes_request_method'],
        secretKey: 'client_secret',
      };
    case 'SIGN_IN_WITH_APPLE':
      return {
        providerType: COGNITO_PROVIDER_TYPES.SIGN_IN_WITH_APPLE,
        details: {
          client_id: details.clientId,
          team_id: details.teamId ?? '',
          key_id: details.keyId ?? '',
          authorize_scopes: details.scopes.join(' '),
        },
        managedKeys: ['client_id', 'team_id', 'key_id', 'authorize_scopes'],
        secretKey: 'private_key',
      };
    default:
      return {
        providerType: COGNITO_PROVIDER_TYPES[details.type],
        details: {
          client_id: details.clientId,
          // Facebook's scopes are comma-separated in Cognito; the other social providers' space-separated.
          authorize_scopes: details.scopes.join(details.type === 'FACEBOOK' ? ',' : ' '),
        },
        managedKeys: ['client_id', 'authorize_scopes'],
        secretKey: 'client_secret',
      };
  }
}

/** Cognito's defaults, so an absent key and its default value compare equal. */
function normalizedDetail(key: string, value: string | undefined): string {
  if (SAML_FLAGS.includes(key)) return value === 'true' ? 'true' : 'false';
  if (key === 'authorize_scopes')
    return (value ?? '')
      .split(/[\s,]+/)
      .filter((s) => s !== '')
      .sort()
      .join(' ');
  if (key === 'attributes_request_method') return value ?? 'GET';
  return value ?? '';
}

/** The managed ProviderDetails keys whose observed values differ from the desired ones. */
export function providerDetailChanges(
  desired: { providerDetails: Record<string, string>; managedDetailKeys: string[] },
  observed: Record<string, string>,
): string[] {
  return desired.managedDetailKeys.filter(
    (key) => normalizedDetail(key, desired.providerDetails[key]) !== normalizedDetail(key, observed[key]),
  );
}

/** Cognito maps `username` itself (to `sub`) for OIDC and social providers; idplane never sets it. */
const COGNITO_OWN_MAPPINGS = new Set(['username']);

export function sameAttributeMapping(
  desired: Record<string, string>,
  observed: Record<string, string>,
): boolean {
  const keys = new Set([
    ...Object.keys(desired),
    ...Object.keys(observed).filter((k) => !(COGNITO_OWN_MAPPINGS.has(k) && !(k in desired))),
  ]);
  return [...keys].every((key) => desired[key] === observed[key]);
}

/** ProviderDetails with every secret removed, for observed state. */
export function withoutSecrets(details: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(details).filter(([key]) => !SECRET_DETAIL_KEYS.includes(key)));
}
