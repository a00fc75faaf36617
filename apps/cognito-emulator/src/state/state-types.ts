/** JSON-serialisable emulator state: plain records so dumps and the state file need no conversion. */
export type JsonObject = Record<string, unknown>;

export interface SigningKey {
  kid: string;
  privateJwk: JsonObject;
  publicJwk: JsonObject;
}

export interface UserRecord {
  username: string;
  sub: string;
  attributes: Record<string, string>;
  password?: string;
  status: string;
  enabled: boolean;
  groups: string[];
  createdAt: number;
  modifiedAt: number;
}

export interface UserPoolRecord {
  id: string;
  /** The pool's settings as the API returns them in UserPoolType (without the computed fields). */
  config: JsonObject;
  tags: Record<string, string>;
  customAttributes: JsonObject[];
  standardOverrides: Record<string, JsonObject>;
  createdAt: number;
  modifiedAt: number;
  clients: Record<string, JsonObject>;
  groups: Record<string, JsonObject>;
  identityProviders: Record<string, JsonObject>;
  resourceServers: Record<string, JsonObject>;
  users: Record<string, UserRecord>;
  uiCustomizations: Record<string, JsonObject>;
  riskConfigurations: Record<string, JsonObject>;
  /** The MFA factors SetUserPoolMfaConfig set (SMS, software token, email, WebAuthn); none until then. */
  mfaConfig?: JsonObject;
  domain?: string;
  customDomain?: string;
  signingKey?: SigningKey;
}

export interface DomainRecord {
  domain: string;
  userPoolId: string;
  custom: boolean;
  certificateArn?: string;
  managedLoginVersion?: number;
}

export interface IdentityPoolRecord {
  config: JsonObject;
  roles: Record<string, string>;
  roleMappings?: JsonObject;
}

export interface RegionState {
  userPools: Record<string, UserPoolRecord>;
  domains: Record<string, DomainRecord>;
  identityPools: Record<string, IdentityPoolRecord>;
}

export interface EmulatorState {
  regions: Record<string, RegionState>;
}

export function emptyRegion(): RegionState {
  return { userPools: {}, domains: {}, identityPools: {} };
}
