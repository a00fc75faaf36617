import { Inject, Injectable } from '@nestjs/common';
import { AUDIT_LOG, AuditEvent, AuditLog } from '@idplane/audit';
import { NotFoundError } from '@idplane/errors';
import { Tenant, TenantService } from '@idplane/tenancy';

export interface FoundNode {
  node: Tenant | AuditEvent;
  /** The tenant that owns it, which decides who may see it. */
  tenantId: string | null;
}

/** Finds any Node by its id. Ids are UUIDs, unique across types, so the id alone says which object it is. */
@Injectable()
export class NodeLookup {
  constructor(
    @Inject(TenantService) private readonly tenants: TenantService,
    @Inject(AUDIT_LOG) private readonly audit: AuditLog,
  ) {}

  async find(id: string): Promise<FoundNode | null> {
    try {
      const tenant = await this.tenants.getTenant(id);
      return { node: tenant, tenantId: tenant.id };
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
    }
    const event = await this.audit.find(id);
    return event ? { node: event, tenantId: event.tenantId } : null;
  }
}
