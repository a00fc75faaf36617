import type {
  IdentityProviderDetails,
  IdentityProviderType,
  SamlSummary,
  StoredIdentityProvider,
} from './identity-provider';

export const IDENTITY_PROVIDER_STORE = Symbol('IDENTITY_PROVIDER_STORE');

/** The tenant facts naming and validation need. */
export interface IdentityProviderTenant {
  readonly id: string;
  readonly slug: string;
  readonly isolationModel: 'SHARED_POOL' | 'DEDICATED_POOL';
  readonly status: string;
}

export interface IdentityProviderWrite {
  readonly id: string;
  readonly tenantId: string;
  readonly name: string;
  readonly cognitoProviderName: string;
  /** Names the Cognito pool the provider name must be unique in: `shared`, or the tenant id. */
  readonly poolKey: string;
  readonly type: IdentityProviderType;
  readonly details: IdentityProviderDetails;
  readonly attributeMapping: Readonly<Record<string, string>>;
  readonly emailDomains: readonly string[];
  readonly saml: SamlSummary | null;
  readonly secretCiphertext: string | null;
}

/**
 * Identity providers in storage. Every write commits with a generation bump of the tenant and a reconcile intent;
 * a name, provider name or email domain that is taken answers ConflictError, and then nothing is written.
 */
export interface IdentityProviderStore {
  findTenant(tenantId: string): Promise<IdentityProviderTenant | null>;
  list(tenantId: string): Promise<StoredIdentityProvider[]>;
  find(tenantId: string, id: string): Promise<StoredIdentityProvider | null>;
  /** A provider by its id alone, whichever tenant it belongs to (what `node(id)` fetches). */
  findById(id: string): Promise<StoredIdentityProvider | null>;
  insert(write: IdentityProviderWrite): Promise<StoredIdentityProvider>;
  /** Stale expectedVersion: ConflictError. */
  update(write: IdentityProviderWrite, expectedVersion: number): Promise<StoredIdentityProvider>;
  /** Stale expectedVersion: ConflictError; an unknown id: NotFoundError. */
  remove(tenantId: string, id: string, expectedVersion: number): Promise<void>;
}
