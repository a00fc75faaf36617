import type { IsolationModel } from '@idplane/tenancy';
import { MatchType } from './role-mapping';

export const MAPPING_SNAPSHOT_VERSION = 1;

/** A role as the enricher needs it; `iamRoleArn` is left out when the role has none. */
export interface SnapshotRole {
  name: string;
  group: string;
  precedence: number;
  iamRoleArn?: string;
}

/**
 * A mapping rule; `identityProvider` is left out for "any", `caseSensitive` when false. `identityProvider` is the
 * admin's name for the IdP: the enricher matches it to the name the tenant's pool gives it (`<slug>.<name>` in a
 * shared pool), as federation's cognitoProviderNameFor does.
 */
export interface SnapshotRule {
  identityProvider?: string;
  claim: string;
  matchType: MatchType;
  value: string;
  role: string;
  caseSensitive?: true;
}

export interface SnapshotTenant {
  slug: string;
  isolationModel: IsolationModel;
  userPoolId: string | null;
  appClientIds: string[];
  defaultRole: string | null;
  roles: SnapshotRole[];
  rules: SnapshotRule[];
  /** Present only while the tenant is suspended: the enricher refuses its users' tokens. */
  suspended?: true;
}

/**
 * What the control plane publishes for the token enricher: every tenant's roles and rules, compact and
 * self-contained so the Lambda never calls back into Postgres on a sign-in.
 */
export interface MappingSnapshot {
  version: typeof MAPPING_SNAPSHOT_VERSION;
  /** ISO 8601; the enricher never replaces a snapshot with an older one. */
  generatedAt: string;
  tenants: Record<string, SnapshotTenant>;
}
