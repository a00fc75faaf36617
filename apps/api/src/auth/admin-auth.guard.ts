import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { GqlContextType, GqlExecutionContext } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { APP_CONFIG, AppConfig } from '@idplane/config';
import { Actor, actorFromClaims, authorize, OperatorTokenVerifier, TenantRef } from '@idplane/admin-auth';
import { ForbiddenError, UnauthenticatedError } from '@idplane/errors';
import { TenantService } from '@idplane/tenancy';
import { MutationRateLimiter } from './mutation-rate-limiter';
import { NodeLookup } from '../node/node-lookup';
import { OPERATION_POLICIES } from './operation-policies';
import { GraphQLRequestContext } from './request-auth';

const ROOT_TYPES = new Set(['Query', 'Mutation', 'Subscription']);

/**
 * The one place the admin API is authenticated and authorized. Root fields are checked against their policy;
 * nested fields ride on their root's decision. Health and metrics (plain HTTP) are not GraphQL and stay open.
 */
@Injectable()
export class AdminAuthGuard implements CanActivate {
  constructor(
    @Inject(OperatorTokenVerifier) private readonly verifier: OperatorTokenVerifier,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
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
    ctx.auth ??= { scopes: new Map() };
    ctx.auth.actor ??= this.authenticate(ctx.req.headers.authorization);
    const actor = await ctx.auth.actor;

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
    ctx.auth.scopes.set(String(info.path.key), authorize(actor, policy, target));
    return true;
  }

  private async authenticate(header: string | string[] | undefined): Promise<Actor> {
    if (header === undefined) return { kind: 'anonymous' };
    const match = typeof header === 'string' ? /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header.trim()) : null;
    if (!match) throw new UnauthenticatedError('the Authorization header must be "Bearer <token>"');
    const claims = await this.verifier.verify(match[1]);
    return actorFromClaims(claims, {
      platformAdmin: this.config.PLATFORM_ADMIN_GROUP,
      tenantAdmin: this.config.TENANT_ADMIN_GROUP,
    });
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
