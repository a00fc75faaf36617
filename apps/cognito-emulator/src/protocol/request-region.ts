const CREDENTIAL_SCOPE = /Credential=[^/,\s]+\/\d{8}\/([a-z0-9-]+)\/[a-z0-9-]+\/aws4_request/;

/** The region from a SigV4 Authorization header's credential scope (the signature itself is not checked). */
export function regionFromAuthorization(authorization: string | undefined): string | undefined {
  if (!authorization) return undefined;
  return CREDENTIAL_SCOPE.exec(authorization)?.[1];
}

/** For unsigned calls: the region a user pool id names (`us-east-1_AbC...` → `us-east-1`). */
export function regionFromUserPoolId(userPoolId: unknown): string | undefined {
  if (typeof userPoolId !== 'string') return undefined;
  const match = /^([a-z]{2}(?:-[a-z]+)+-\d+)_/.exec(userPoolId);
  return match?.[1];
}
