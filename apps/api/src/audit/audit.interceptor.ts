import { CallHandler, ExecutionContext, Inject, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { GqlContextType, GqlExecutionContext } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { from, lastValueFrom, Observable } from 'rxjs';
import { describeActor } from '@idplane/admin-auth';
import { AUDIT_LOG, AuditLog, redactSecrets } from '@idplane/audit';
import { DomainError } from '@idplane/errors';
import { TenantService } from '@idplane/tenancy';
import { GraphQLRequestContext } from '../auth/request-auth';

/**
 * Records every GraphQL mutation that passed authorization: actor, tenant, action, request id, and redacted
 * before/after summaries, whether it succeeded or failed.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Audit');

  constructor(
    @Inject(AUDIT_LOG) private readonly audit: AuditLog,
    @Inject(TenantService) private readonly tenants: TenantService,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType<GqlContextType>() !== 'graphql') return next.handle();
    const gql = GqlExecutionContext.create(context);
    const info = gql.getInfo<GraphQLResolveInfo>();
    if (info.parentType.name !== 'Mutation') return next.handle();
    return from(this.record(gql.getContext<GraphQLRequestContext>(), info, gql.getArgs(), next));
  }

  private async record(
    ctx: GraphQLRequestContext,
    info: GraphQLResolveInfo,
    args: Record<string, unknown>,
    next: CallHandler,
  ): Promise<unknown> {
    const actor = ctx.auth?.actor ? describeActor(await ctx.auth.actor) : 'anonymous';
    const scope = ctx.auth?.scopes.get(String(info.path.key));
    const named = args.tenantId ?? args.id;
    let tenantId = scope && !scope.all ? scope.tenantId : typeof named === 'string' ? named : null;
    const before = tenantId ? await this.snapshot(tenantId) : null;
    const base = {
      actor,
      source: 'graphql' as const,
      action: info.fieldName,
      requestId: (ctx.req as { id?: string }).id ?? null,
      before,
    };
    try {
      const result = await lastValueFrom(next.handle());
      tenantId ??=
        ((result as { tenant?: { id?: string } } | null)?.tenant?.id as string | undefined) ?? null;
      await this.write({
        ...base,
        tenantId,
        outcome: 'success',
        errorCode: null,
        after: redactSecrets({ input: args, result }),
      });
      return result;
    } catch (error) {
      const errorCode = error instanceof DomainError ? error.code : 'INTERNAL_SERVER_ERROR';
      await this.write({
        ...base,
        tenantId,
        outcome: 'failure',
        errorCode,
        after: redactSecrets({ input: args }),
      });
      throw error;
    }
  }

  private async snapshot(tenantId: string): Promise<unknown> {
    try {
      return redactSecrets(await this.tenants.getTenant(tenantId));
    } catch {
      return null;
    }
  }

  /** An audit write that fails must not turn a done change into an error; it is logged loudly instead. */
  private async write(event: Parameters<AuditLog['record']>[0]): Promise<void> {
    try {
      await this.audit.record(event);
    } catch (error) {
      this.logger.error(
        { err: error, action: event.action, tenantId: event.tenantId },
        'audit record failed',
      );
    }
  }
}
