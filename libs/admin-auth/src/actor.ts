import { isUuid } from '@idplane/errors';
/** Who is calling the admin API, derived once per request from a verified token. */
export type Actor =
  | { kind: 'anonymous' }
  | { kind: 'platform-admin'; subject: string; username: string }
  | { kind: 'tenant-admin'; subject: string; username: string; tenantId: string }
  /** Signed in, but in neither admin group: may do nothing. */
  | { kind: 'no-role'; subject: string; username: string };

export interface AdminGroups {
  platformAdmin: string;
  tenantAdmin: string;
}

function groupsOf(claims: Record<string, unknown>): string[] {
  const groups = claims['cognito:groups'];
  return Array.isArray(groups) ? groups.filter((g): g is string => typeof g === 'string') : [];
}

/**
 * Maps verified token claims to an actor. Platform admin wins over tenant admin; a tenant admin needs a tenant id
 * claim (`custom:tenant_id` in id tokens, `tenant_id` where the token enricher added it) that is a UUID.
 */
export function actorFromClaims(claims: Record<string, unknown>, groups: AdminGroups): Actor {
  const subject = typeof claims.sub === 'string' ? claims.sub : '';
  const username = String(claims['cognito:username'] ?? claims.username ?? subject);
  const memberOf = groupsOf(claims);
  if (memberOf.includes(groups.platformAdmin)) return { kind: 'platform-admin', subject, username };
  const tenantId = claims['custom:tenant_id'] ?? claims.tenant_id;
  if (memberOf.includes(groups.tenantAdmin) && isUuid(tenantId)) {
    return { kind: 'tenant-admin', subject, username, tenantId: tenantId.toLowerCase() };
  }
  return { kind: 'no-role', subject, username };
}

/** A short, log-safe description of the actor (no token contents). */
export function describeActor(actor: Actor): string {
  switch (actor.kind) {
    case 'anonymous':
      return 'anonymous';
    case 'tenant-admin':
      return `tenant-admin:${actor.username}@${actor.tenantId}`;
    default:
      return `${actor.kind}:${actor.username}`;
  }
}
