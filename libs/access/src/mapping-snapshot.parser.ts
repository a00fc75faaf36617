import { FieldIssue, ValidationError } from '@idplane/errors';
import { ISOLATION_MODELS, IsolationModel, SLUG_PATTERN } from '@idplane/tenancy';
import { isIamRoleArn } from './iam-role-arn';
import {
  MAPPING_SNAPSHOT_VERSION,
  MappingSnapshot,
  SnapshotRole,
  SnapshotRule,
  SnapshotTenant,
} from './mapping-snapshot';
import { MAX_GROUP_NAME_LENGTH, MAX_PRECEDENCE, ROLE_NAME_PATTERN } from './role';
import { RoleMappingRuleInput, validateRoleMappingConfig } from './role-mapping';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNonEmptyString(value: unknown, max: number): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= max;
}

/** custom:tenant_id is at most 64 characters, so no real tenant id is longer. */
const TENANT_ID_MAX = 64;
const ID_MAX = 128;

function parseRoles(raw: unknown, at: string, issues: FieldIssue[]): SnapshotRole[] {
  if (!Array.isArray(raw)) {
    issues.push({ field: at, message: 'must be a list' });
    return [];
  }
  const roles: SnapshotRole[] = [];
  const names = new Set<string>();
  const groups = new Set<string>();
  raw.forEach((r: unknown, i) => {
    const rAt = `${at}[${i}]`;
    if (!isObject(r)) {
      issues.push({ field: rAt, message: 'must be an object' });
      return;
    }
    const before = issues.length;
    if (typeof r.name !== 'string' || !ROLE_NAME_PATTERN.test(r.name) || names.has(r.name)) {
      issues.push({ field: `${rAt}.name`, message: 'must be a unique role name' });
    }
    if (!isNonEmptyString(r.group, MAX_GROUP_NAME_LENGTH) || groups.has(r.group)) {
      issues.push({ field: `${rAt}.group`, message: 'must be a unique group name' });
    }
    if (
      !Number.isInteger(r.precedence) ||
      (r.precedence as number) < 0 ||
      (r.precedence as number) > MAX_PRECEDENCE
    ) {
      issues.push({ field: `${rAt}.precedence`, message: 'must be a non-negative integer' });
    }
    if (r.iamRoleArn !== undefined && (typeof r.iamRoleArn !== 'string' || !isIamRoleArn(r.iamRoleArn))) {
      issues.push({ field: `${rAt}.iamRoleArn`, message: 'must be an IAM role ARN' });
    }
    if (issues.length > before) return;
    names.add(r.name as string);
    groups.add(r.group as string);
    roles.push({
      name: r.name as string,
      group: r.group as string,
      precedence: r.precedence as number,
      ...(typeof r.iamRoleArn === 'string' ? { iamRoleArn: r.iamRoleArn } : {}),
    });
  });
  return roles;
}

function parseRules(
  raw: unknown,
  defaultRole: unknown,
  roles: SnapshotRole[],
  at: string,
  issues: FieldIssue[],
): { defaultRole: string | null; rules: SnapshotRule[] } {
  try {
    const config = validateRoleMappingConfig(
      { defaultRole, rules: raw as RoleMappingRuleInput[] },
      { roleNames: roles.map((r) => r.name) },
      at,
    );
    return {
      defaultRole: config.defaultRole,
      rules: config.rules.map((r) => ({
        ...(r.identityProvider !== null ? { identityProvider: r.identityProvider } : {}),
        claim: r.claim,
        matchType: r.matchType,
        value: r.value,
        role: r.role,
        ...(r.caseSensitive ? { caseSensitive: true as const } : {}),
      })),
    };
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    issues.push(...e.issues);
    return { defaultRole: null, rules: [] };
  }
}

function parseTenant(raw: unknown, at: string, issues: FieldIssue[]): SnapshotTenant | null {
  if (!isObject(raw)) {
    issues.push({ field: at, message: 'must be an object' });
    return null;
  }
  const before = issues.length;
  if (typeof raw.slug !== 'string' || !SLUG_PATTERN.test(raw.slug)) {
    issues.push({ field: `${at}.slug`, message: 'must be a tenant slug' });
  }
  if (!ISOLATION_MODELS.includes(raw.isolationModel as IsolationModel)) {
    issues.push({ field: `${at}.isolationModel`, message: `must be one of ${ISOLATION_MODELS.join(', ')}` });
  }
  if (raw.userPoolId !== null && !isNonEmptyString(raw.userPoolId, ID_MAX)) {
    issues.push({ field: `${at}.userPoolId`, message: 'must be a user pool id or null' });
  }
  const clientIds = raw.appClientIds;
  if (!Array.isArray(clientIds) || !clientIds.every((c) => isNonEmptyString(c, ID_MAX))) {
    issues.push({ field: `${at}.appClientIds`, message: 'must be a list of app client ids' });
  }
  if (raw.suspended !== undefined && raw.suspended !== true) {
    issues.push({ field: `${at}.suspended`, message: 'must be true or absent' });
  }
  const roles = parseRoles(raw.roles, `${at}.roles`, issues);
  const { defaultRole, rules } = parseRules(raw.rules, raw.defaultRole, roles, at, issues);
  if (issues.length > before) return null;
  return {
    slug: raw.slug as string,
    isolationModel: raw.isolationModel as IsolationModel,
    userPoolId: raw.userPoolId as string | null,
    appClientIds: [...(clientIds as string[])],
    defaultRole,
    roles,
    rules,
    ...(raw.suspended === true ? { suspended: true as const } : {}),
  };
}

/**
 * Parses an untrusted snapshot (fetched JSON) into a typed one, or throws a ValidationError naming every
 * fault. All-or-nothing on purpose: a half-read snapshot could resolve a user to the wrong tenant.
 */
export function parseMappingSnapshot(raw: unknown, path = 'snapshot'): MappingSnapshot {
  if (!isObject(raw)) throw new ValidationError([{ field: path, message: 'must be a JSON object' }]);
  if (raw.version !== MAPPING_SNAPSHOT_VERSION) {
    throw new ValidationError([
      {
        field: `${path}.version`,
        message: `unsupported snapshot version ${JSON.stringify(raw.version)}; this reader understands ${MAPPING_SNAPSHOT_VERSION}`,
      },
    ]);
  }
  const issues: FieldIssue[] = [];
  if (typeof raw.generatedAt !== 'string' || !Number.isFinite(Date.parse(raw.generatedAt))) {
    issues.push({ field: `${path}.generatedAt`, message: 'must be an ISO 8601 timestamp' });
  }
  if (!isObject(raw.tenants)) {
    issues.push({ field: `${path}.tenants`, message: 'must be an object keyed by tenant id' });
    throw new ValidationError(issues);
  }
  // Entries, then fromEntries: a tenant id of "__proto__" must become a key, never a prototype.
  const tenants: [string, SnapshotTenant][] = [];
  const clientOwner = new Map<string, string>();
  for (const [tenantId, rawTenant] of Object.entries(raw.tenants)) {
    const at = `${path}.tenants.${tenantId}`;
    if (!isNonEmptyString(tenantId, TENANT_ID_MAX)) {
      issues.push({ field: at, message: `tenant ids are 1-${TENANT_ID_MAX} characters` });
      continue;
    }
    const tenant = parseTenant(rawTenant, at, issues);
    if (!tenant) continue;
    for (const clientId of tenant.appClientIds) {
      const other = clientOwner.get(clientId);
      if (other !== undefined && other !== tenantId) {
        issues.push({
          field: `${at}.appClientIds`,
          message: `app client ${clientId} also belongs to tenant ${other}`,
        });
      }
      clientOwner.set(clientId, tenantId);
    }
    tenants.push([tenantId, tenant]);
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return {
    version: MAPPING_SNAPSHOT_VERSION,
    generatedAt: raw.generatedAt as string,
    tenants: Object.fromEntries(tenants),
  };
}
