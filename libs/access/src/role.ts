/** A tenant role. Users hold roles; in Cognito each role is a group in the tenant's pool. */
export interface Role {
  /** Lower-case identifier, unique within the tenant; also the suffix of the role's Cognito group name. */
  name: string;
  description: string;
  /**
   * Cognito group precedence: the lower, the more senior. Unique within a tenant so that "the primary role"
   * (cognito:preferred_role, identity pool rule order) is always decided by configuration, never by chance.
   */
  precedence: number;
  /** The IAM role a holder may assume through an identity pool. idplane references it; it never creates it. */
  iamRoleArn: string | null;
}

/** The roles every tenant starts with. They can be edited (precedence, IAM role) but never removed. */
export const DEFAULT_ROLES: readonly Role[] = [
  { name: 'admin', description: 'Tenant administrators', precedence: 10, iamRoleArn: null },
  { name: 'member', description: 'Tenant members', precedence: 20, iamRoleArn: null },
  { name: 'read-only', description: 'Read-only access', precedence: 30, iamRoleArn: null },
];

export const BUILT_IN_ROLE_NAMES: readonly string[] = DEFAULT_ROLES.map((r) => r.name);

/**
 * The role new tenants give users whom no mapping rule matched. Most B2B SaaS admins expect a freshly
 * federated employee to land as an ordinary member; tenants that want deny-by-default set it to null.
 */
export const DEFAULT_DEFAULT_ROLE = 'member';

/**
 * Lower-case letters, digits, `-` and `_`, starting with a letter, at most 64 characters. A strict subset of
 * Cognito's group-name pattern; no `.` so `${slug}.${role}` splits unambiguously, and lower case only so that
 * "Admin" and "admin" can never be two different roles in the UI and the same one in an IdP's eyes.
 */
export const ROLE_NAME_PATTERN = /^[a-z][a-z0-9_-]{0,63}$/;

/** Cognito's limit on a group name, which a shared-pool group `${slug}.${role}` must fit. */
export const MAX_GROUP_NAME_LENGTH = 128;

/** Cognito group precedence is a non-negative 32-bit integer. */
export const MAX_PRECEDENCE = 2_147_483_647;

export const MAX_ROLES_PER_TENANT = 50;
export const ROLE_DESCRIPTION_MAX = 2048;
