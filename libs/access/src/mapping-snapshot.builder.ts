import { FieldIssue, ValidationError } from '@idplane/errors';
import {
  MAPPING_SNAPSHOT_VERSION,
  MappingSnapshot,
  SnapshotRole,
  SnapshotRule,
  SnapshotTenant,
} from './mapping-snapshot';
import { withGroupNames } from './role-groups';
import { TenantAccess } from './tenant-access';

function toSnapshotTenant(access: TenantAccess): SnapshotTenant {
  const roles = withGroupNames({ id: access.tenantId, ...access }, access.roles)
    .slice()
    .sort((a, b) => a.precedence - b.precedence)
    .map((r): SnapshotRole => ({
      name: r.name,
      group: r.group,
      precedence: r.precedence,
      ...(r.iamRoleArn ? { iamRoleArn: r.iamRoleArn } : {}),
    }));
  const rules = access.mappings.rules.map((r): SnapshotRule => ({
    ...(r.identityProvider !== null ? { identityProvider: r.identityProvider } : {}),
    claim: r.claim,
    matchType: r.matchType,
    value: r.value,
    role: r.role,
    ...(r.caseSensitive ? { caseSensitive: true as const } : {}),
  }));
  return {
    slug: access.slug,
    isolationModel: access.isolationModel,
    userPoolId: access.userPoolId,
    appClientIds: [...access.appClientIds].sort(),
    defaultRole: access.mappings.defaultRole,
    roles,
    rules,
    ...(access.suspended ? { suspended: true as const } : {}),
  };
}

/**
 * Builds the snapshot from validated tenant data. Deterministic (tenants and client ids sorted) so that an
 * unchanged configuration publishes byte-identical JSON and a stable ETag. Throws a ValidationError when two
 * tenants claim the same app client, since the enricher could then resolve a user to the wrong tenant.
 */
export function buildMappingSnapshot(tenants: readonly TenantAccess[], generatedAt: Date): MappingSnapshot {
  const owner = new Map<string, string>();
  const issues: FieldIssue[] = [];
  for (const t of tenants) {
    for (const clientId of t.appClientIds) {
      const other = owner.get(clientId);
      if (other !== undefined && other !== t.tenantId) {
        issues.push({
          field: `tenants.${t.tenantId}.appClientIds`,
          message: `app client ${clientId} also belongs to tenant ${other}`,
        });
      }
      owner.set(clientId, t.tenantId);
    }
  }
  if (issues.length > 0) throw new ValidationError(issues);
  const sorted = [...tenants].sort((a, b) =>
    a.tenantId < b.tenantId ? -1 : a.tenantId > b.tenantId ? 1 : 0,
  );
  return {
    version: MAPPING_SNAPSHOT_VERSION,
    generatedAt: generatedAt.toISOString(),
    tenants: Object.fromEntries(sorted.map((t) => [t.tenantId, toSnapshotTenant(t)])),
  };
}
