export type CognitoErrorKind = 'not-found' | 'transient' | 'permanent';

const TRANSIENT_NAMES = new Set([
  'TooManyRequestsException',
  'ThrottlingException',
  'InternalErrorException',
  'ServiceUnavailableException',
  'ConcurrentModificationException',
  // An email domain (IdpIdentifier) still held by another IdP in the pool: in a shared pool that is usually another
  // tenant's IdP whose own reconcile is about to release it, so retrying with backoff converges.
  'DuplicateProviderException',
  'TimeoutError',
  'RequestTimeout',
]);

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);

/** Decides whether a failed Cognito call is worth retrying. Unknown failures without an AWS answer are transient. */
export function classifyCognitoError(error: unknown): CognitoErrorKind {
  const e = error as { name?: string; code?: string; $metadata?: { httpStatusCode?: number } } | null;
  if (!e || typeof e !== 'object') return 'transient';
  if (e.name === 'ResourceNotFoundException') return 'not-found';
  if (e.name && TRANSIENT_NAMES.has(e.name)) return 'transient';
  if (e.code && NETWORK_CODES.has(e.code)) return 'transient';
  const status = e.$metadata?.httpStatusCode;
  if (status === undefined || status >= 500) return 'transient';
  return 'permanent';
}

export function cognitoErrorMessage(error: unknown): string {
  const e = error as { name?: string; message?: string };
  return `${e?.name ?? 'Error'}: ${e?.message ?? String(error)}`;
}
