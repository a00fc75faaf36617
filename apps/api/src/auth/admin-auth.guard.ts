import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { GqlContextType, GqlExecutionContext } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { authorize, TenantRef } from '@idplane/admin-auth';
import { ForbiddenError } from '@idplane/errors';
import { TenantService } from '@idplane/tenancy';
import { MutationRateLimiter } from './mutation-rate-limiter';
import { NodeLookup } from '../node/node-lookup';
import { OPERATION_POLICIES } from './operation-policies';
import { GraphQLRequestContext } from './request-auth';
import { RequestAuthenticator } from './request-authenticator';

const ROOT_TYPES = new Set(['Query', 'Mutation', 'Subscription']);

/**
 * The one place the admin API is authenticated and authorized. Root fields are checked against their policy;
 * nested fields ride on their root's decision. Health and metrics (plain HTTP) are not GraphQL and stay open.
 */
@Injectable()
export class AdminAuthGuard implements CanActivate {
  constructor(
    @Inject(RequestAuthenticator) private readonly authenticator: RequestAuthenticator,
    @Inject(TenantService) private readonly tenants: TenantService,
    @Inject(MutationRateLimiter) private readonly mutationLimiter: MutationRateLimiter,
    @Inject(NodeLookup) private readonly nodes: NodeLookup,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType<GqlContextType>() !== 'graphql') return true;
    const gql = GqlExecutionContext.create(context);
    const info = gql.getInfo<GraphQLResolveInfo>();
    if (!ROOT_TYPES.has(info.parentType.name)) return true;

    const ctx = gql.getContext<GraphQLRequestContext>();
    const actor = await this.authenticator.actorOf(ctx);

    const key = `${info.parentType.name}.${info.fieldName}`;
    const policy = OPERATION_POLICIES[key];
    if (!policy) throw new ForbiddenError(`no access policy is defined for ${key}`);
    // Before authorizing: a refused mutation spends the actor's budget too, so probing other tenants (and the audit
    // rows each refusal writes) is bounded like any other mutation.
    if (info.parentType.name === 'Mutation' && 'subject' in actor)
      await this.mutationLimiter.consume(actor.subject);
    const target =
      policy.kind === 'tenant' && actor.kind === 'tenant-admin'
        ? await this.targetTenant(policy.tenant, gql.getArgs(), ctx)
        : null;
    ctx.auth!.scopes.set(String(info.path.key), authorize(actor, policy, target));
    return true;
  }

  /** The tenant an operation names, or null when it names none that exists. */
  private async targetTenant(
    ref: TenantRef,
    args: Record<string, unknown>,
    context: object,
  ): Promise<string | null> {
    const value =
      'arg' in ref ? args[ref.arg] : (args.input as Record<string, unknown> | undefined)?.[ref.inputField];
    if (typeof value !== 'string') return null;
    if (ref.by === 'id') return value.toLowerCase();
    if (ref.by === 'node') return (await this.nodes.findForRequest(context, value))?.tenantId ?? null;
    return (await this.tenants.findTenantBySlug(value))?.id ?? null;
  }
}
