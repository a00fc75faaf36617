import { Inject, Injectable } from '@nestjs/common';
import { AUDIT_LOG, AuditEvent, AuditLog } from '@idplane/audit';
import { NotFoundError } from '@idplane/errors';
import { IdentityProviderService } from '@idplane/federation';
import {
  RECONCILE_RUN_STORE,
  ReconcileRun,
  ReconcileRunStore,
  Tenant,
  TenantService,
} from '@idplane/tenancy';
import type { NodeTypeName } from '../graphql/node.interface';
import type { IdentityProvider } from '../identity-providers/identity-provider.types';
import { toIdentityProviderView } from '../identity-providers/identity-provider.view';

export interface FoundNode {
  node: Tenant | AuditEvent | IdentityProvider | ReconcileRun;
  /** The GraphQL object type it resolves to. */
  type: NodeTypeName;
  /** The tenant that owns it, which decides who may see it. */
  tenantId: string | null;
}

const foundByRequest = new WeakMap<object, Map<string, Promise<FoundNode | null>>>();

/**
 * Finds any Node by its id. Ids are UUIDs, unique across types, so the id alone says which object it is; each
 * table is asked by primary key, the most often fetched first.
 */
@Injectable()
export class NodeLookup {
  constructor(
    @Inject(TenantService) private readonly tenants: TenantService,
    @Inject(AUDIT_LOG) private readonly audit: AuditLog,
    @Inject(IdentityProviderService) private readonly identityProviders: IdentityProviderService,
    @Inject(RECONCILE_RUN_STORE) private readonly runs: ReconcileRunStore,
  ) {}

  /**
   * find(id), once per GraphQL request (keyed by its context): the guard asks who owns the node and the resolver
   * then returns it, and an id that matches nothing walks four tables.
   */
  findForRequest(context: object, id: string): Promise<FoundNode | null> {
    let found = foundByRequest.get(context);
    if (!found) foundByRequest.set(context, (found = new Map()));
    let node = found.get(id);
    if (!node) found.set(id, (node = this.find(id)));
    return node;
  }

  async find(id: string): Promise<FoundNode | null> {
    try {
      const tenant = await this.tenants.getTenant(id);
      return { node: tenant, type: 'Tenant', tenantId: tenant.id };
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
    }
    const provider = await this.identityProviders.findIdentityProvider(id);
    if (provider) {
      return {
        node: toIdentityProviderView(provider),
        type: 'IdentityProvider',
        tenantId: provider.tenantId,
      };
    }
    const run = await this.runs.find(id);
    if (run) return { node: run, type: 'ReconcileRun', tenantId: run.tenantId };
    const event = await this.audit.find(id);
    return event ? { node: event, type: 'AuditEvent', tenantId: event.tenantId } : null;
  }
}
