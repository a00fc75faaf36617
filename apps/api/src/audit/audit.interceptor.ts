import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import { GqlContextType, GqlExecutionContext } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { from, lastValueFrom, Observable } from 'rxjs';
import { tenantAccessView } from '@idplane/access';
import { describeActor } from '@idplane/admin-auth';
import { auditTenantId, redactSecrets } from '@idplane/audit';
import { DomainError } from '@idplane/errors';
import { StoredTenantChildren, TenantChildrenReader } from '@idplane/persistence';
import { TenantService } from '@idplane/tenancy';
import { GraphQLRequestContext } from '../auth/request-auth';
import { toIdentityProviderView } from '../identity-providers/identity-provider.view';
import { AuditWriter } from './audit-writer';

type ChildrenBefore = (children: StoredTenantChildren) => Record<string, unknown>;

/** Roles, mappings and identity pool are saved together under one version: each of their actions shows all three. */
const accessBefore: ChildrenBefore = (children) => {
  const access = tenantAccessView(children.access);
  return {
    roles: access.roles,
    roleMappings: { ...access.mappings, version: access.version },
    identityPool: access.identityPool,
  };
};

/** The view carries no secret, only whether one is set (and not the SAML metadata document, only its summary). */
const identityProvidersBefore: ChildrenBefore = (children) => ({
  identityProviders: children.identityProviders.map(toIdentityProviderView),
});

/** What a change acts on beyond the tenant row, shown in `before` under the names the Tenant type uses. */
const CHILDREN_BEFORE: Readonly<Partial<Record<string, ChildrenBefore>>> = {
  setRoles: accessBefore,
  setRoleMappings: accessBefore,
  setIdentityPool: accessBefore,
  removeIdentityPool: accessBefore,
  addSamlIdentityProvider: identityProvidersBefore,
  addOidcIdentityProvider: identityProvidersBefore,
  addSocialIdentityProvider: identityProvidersBefore,
  updateIdentityProvider: identityProvidersBefore,
  removeIdentityProvider: identityProvidersBefore,
};

/**
 * Records every GraphQL mutation that passed authorization: actor, tenant, action, request id, and redacted
 * before/after summaries, whether it succeeded or failed. Mutations the guard refused never get here; the
 * AuditRefusalPlugin records those.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(
    @Inject(AuditWriter) private readonly writer: AuditWriter,
    @Inject(TenantService) private readonly tenants: TenantService,
    @Inject(TenantChildrenReader) private readonly children: TenantChildrenReader,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType<GqlContextType>() !== 'graphql') return next.handle();
    const gql = GqlExecutionContext.create(context);
    const info = gql.getInfo<GraphQLResolveInfo>();
    if (info.parentType.name !== 'Mutation') return next.handle();
    const ctx = gql.getContext<GraphQLRequestContext>();
    return from(this.record(ctx, info, gql.getArgs(), next));
  }

  private async record(
    ctx: GraphQLRequestContext,
    info: GraphQLResolveInfo,
    args: Record<string, unknown>,
    next: CallHandler,
  ): Promise<unknown> {
    const actor = ctx.auth?.actor ? describeActor(await ctx.auth.actor) : 'anonymous';
    const scope = ctx.auth?.scopes.get(String(info.path.key));
    // Only a UUID can name a tenant: a platform admin's `updateTenant(id: "x")` is filed under no tenant, and the
    // "x" stays in the input of the summary.
    let tenantId = scope && !scope.all ? scope.tenantId : auditTenantId(args.tenantId ?? args.id);
    const before = tenantId ? await this.snapshot(tenantId, info.fieldName) : null;
    const base = {
      actor,
      source: 'graphql' as const,
      action: info.fieldName,
      requestId: (ctx.req as { id?: string }).id ?? null,
      before,
    };
    try {
      const result = await lastValueFrom(next.handle());
      tenantId ??= auditTenantId((result as { tenant?: { id?: unknown } } | null)?.tenant?.id);
      await this.writer.write({
        ...base,
        tenantId,
        outcome: 'success',
        errorCode: null,
        after: redactSecrets({ input: args, result }),
      });
      return result;
    } catch (error) {
      const errorCode = error instanceof DomainError ? error.code : 'INTERNAL_SERVER_ERROR';
      await this.writer.write({
        ...base,
        tenantId,
        outcome: 'failure',
        errorCode,
        after: redactSecrets({ input: args }),
      });
      throw error;
    }
  }

  /**
   * The tenant as it was, with the children this action changes (previous roles and mappings, IdPs), redacted.
   * Read straight from the store, not through the request's DataLoader: the payload must not see this old state.
   */
  private async snapshot(tenantId: string, action: string): Promise<unknown> {
    const childrenBefore = CHILDREN_BEFORE[action];
    try {
      const [tenant, children] = await Promise.all([
        this.tenants.getTenant(tenantId),
        childrenBefore ? this.children.load([tenantId]) : undefined,
      ]);
      const stored = children?.get(tenantId);
      return redactSecrets({ ...tenant, ...(stored && childrenBefore ? childrenBefore(stored) : {}) });
    } catch {
      return null;
    }
  }
}
