import { Inject } from '@nestjs/common';
import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import type { AccessScope } from '@idplane/admin-auth';
import { AUDIT_LOG, AuditLog } from '@idplane/audit';
import { ValidationError, isUuid } from '@idplane/errors';
import { Scope } from '../auth/access-scope.decorator';
import { toConnection } from '../graphql/relay-connection';
import { AuditEvent, AuditEventConnection, AuditEventFilter } from './audit.types';

const cursorOf = (e: { occurredAt: Date; id: string }) =>
  Buffer.from(JSON.stringify([e.occurredAt.toISOString(), e.id])).toString('base64url');

function decodeCursor(cursor: string): { occurredAt: Date; id: string } {
  try {
    const [iso, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    const occurredAt = new Date(iso);
    if (typeof id !== 'string' || !isUuid(id) || Number.isNaN(occurredAt.getTime())) throw new Error();
    return { occurredAt, id };
  } catch {
    throw new ValidationError([{ field: 'after', message: 'is not a cursor this API returned' }]);
  }
}

@Resolver(() => AuditEvent)
export class AuditResolver {
  constructor(@Inject(AUDIT_LOG) private readonly audit: AuditLog) {}

  @Query(() => AuditEventConnection, {
    description: "The audit log, newest first. Tenant admins see only their own tenant's events.",
  })
  async auditEvents(
    @Scope() scope: AccessScope,
    @Args('first', { type: () => Int, defaultValue: 20, description: 'Page size, 1-100.' }) first: number,
    @Args('after', { nullable: true, description: 'Cursor after which the page starts.' }) after?: string,
    @Args('filter', { nullable: true, description: 'Filters.' }) filter?: AuditEventFilter,
  ): Promise<AuditEventConnection> {
    if (!Number.isInteger(first) || first < 1 || first > 100) {
      throw new ValidationError([{ field: 'first', message: 'must be between 1 and 100' }]);
    }
    // Tenant ids are UUIDs; anything else would fail in Postgres, as an internal error rather than bad input.
    if (filter?.tenantId != null && !isUuid(filter.tenantId)) {
      throw new ValidationError([{ field: 'filter.tenantId', message: 'must be a tenant id (a UUID)' }]);
    }
    // A tenant admin's filter is forced to their tenant, whatever they asked for.
    const tenantId = scope.all ? filter?.tenantId : scope.tenantId;
    const page = await this.audit.list({
      first,
      after: after ? decodeCursor(after) : undefined,
      tenantId,
      action: filter?.action,
      actor: filter?.actor,
      source: filter?.source,
    });
    return toConnection(page.events, cursorOf, page.hasNextPage, after);
  }
}
