/**
 * The parts of Cognito's pre token generation trigger event (versions 2 and 3) the enricher reads and writes.
 * Declared here rather than taken from @types/aws-lambda, which the project doesn't depend on.
 */
export interface GroupConfiguration {
  groupsToOverride?: string[];
  iamRolesToOverride?: string[];
  preferredRole?: string | null;
}

/** V2 claim values may be strings, numbers, booleans, arrays of those, or JSON objects. */
export type ClaimValue = string | number | boolean | ClaimValue[] | { [key: string]: ClaimValue };

export interface TokenGeneration {
  claimsToAddOrOverride?: Record<string, ClaimValue>;
  claimsToSuppress?: string[];
  scopesToAdd?: string[];
  scopesToSuppress?: string[];
}

export interface ClaimsAndScopeOverrideDetails {
  idTokenGeneration?: TokenGeneration;
  accessTokenGeneration?: TokenGeneration;
  groupOverrideDetails?: GroupConfiguration;
}

export interface PreTokenGenerationEvent {
  version: string;
  /** TokenGeneration_HostedAuth, _Authentication, _NewPasswordChallenge, _AuthenticateDevice, _RefreshTokens; V3 adds _ClientCredentials. */
  triggerSource: string;
  region: string;
  userPoolId: string;
  userName?: string;
  callerContext: { awsSdkVersion?: string; clientId: string };
  request: {
    userAttributes: Record<string, string>;
    groupConfiguration: GroupConfiguration;
    scopes?: string[];
    clientMetadata?: Record<string, string>;
  };
  response: { claimsAndScopeOverrideDetails?: ClaimsAndScopeOverrideDetails | null };
}

export const CLIENT_CREDENTIALS_TRIGGER = 'TokenGeneration_ClientCredentials';
