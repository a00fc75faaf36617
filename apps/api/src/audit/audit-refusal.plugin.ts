import type {
  ApolloServerPlugin,
  BaseContext,
  GraphQLRequestContextDidEncounterErrors,
  GraphQLRequestListener,
} from '@apollo/server';
import { Inject } from '@nestjs/common';
import { Plugin } from '@nestjs/apollo';
import {
  DocumentNode,
  FieldNode,
  FragmentDefinitionNode,
  getArgumentValues,
  GraphQLError,
  GraphQLSchema,
  Kind,
  OperationTypeNode,
  SelectionSetNode,
} from 'graphql';
import type { Redis } from 'ioredis';
import { Actor, describeActor } from '@idplane/admin-auth';
import { auditTenantId, redactSecrets } from '@idplane/audit';
import { APP_CONFIG, AppConfig } from '@idplane/config';
import { DomainError, RateLimitedError } from '@idplane/errors';
import { REDIS } from '@idplane/messaging';
import { GraphQLRequestContext } from '../auth/request-auth';
import { AuditWriter } from './audit-writer';

type ErrorsContext = GraphQLRequestContextDidEncounterErrors<BaseContext>;

/**
 * Records the mutations the guard refused before the AuditInterceptor could see them: FORBIDDEN, NOT_FOUND (a
 * tenant admin naming another tenant) and RATE_LIMITED. Denied attempts are what a security audit looks for.
 *
 * - Anonymous and unauthenticated calls are not recorded: there is no actor to hold to account, and nothing limits
 *   how many a caller can send. The request log has them.
 * - A throttled actor is recorded once per rate window, not once per refused attempt: a client retrying in a loop
 *   must not flood the log it is recorded in.
 * - A tenant admin's refusal is filed under their own tenant, never under the tenant they named: that tenant's admins
 *   must not learn about other tenants (which is why the denial is NOT_FOUND). The input keeps what was named.
 *
 * A plugin, not a resolver wrapper: `didEncounterErrors` runs only for requests with errors, whereas a field hook
 * would wrap every field resolver of every query.
 */
@Plugin()
export class AuditRefusalPlugin implements ApolloServerPlugin<BaseContext> {
  private readonly listener: GraphQLRequestListener<BaseContext> = {
    didEncounterErrors: (request) => this.recordRefusals(request),
  };

  constructor(
    @Inject(AuditWriter) private readonly writer: AuditWriter,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async requestDidStart(): Promise<GraphQLRequestListener<BaseContext>> {
    return this.listener;
  }

  private async recordRefusals(request: ErrorsContext): Promise<void> {
    if (request.operation?.operation !== OperationTypeNode.MUTATION) return;
    await Promise.all(request.errors.map((error) => this.recordRefusal(request, error)));
  }

  private async recordRefusal(request: ErrorsContext, error: GraphQLError): Promise<void> {
    const key = error.path?.length === 1 ? error.path[0] : undefined;
    const ctx = request.contextValue as GraphQLRequestContext;
    // The guard grants a scope only to a mutation it let through, and the interceptor audits every one of those.
    if (typeof key !== 'string' || ctx.auth?.scopes.has(key)) return;
    const actor = await actorOf(ctx);
    if (!actor || actor.kind === 'anonymous') return;
    const cause = error.originalError;
    const errorCode = cause instanceof DomainError ? cause.code : 'INTERNAL_SERVER_ERROR';
    if (errorCode === 'UNAUTHENTICATED') return;
    if (cause instanceof RateLimitedError && !(await this.firstThrottledInWindow(actor, cause))) return;

    const field = request.document && rootField(request.document, request.operation!.selectionSet, key);
    const args = field ? argumentsOf(request.schema, field, request.request.variables) : {};
    await this.writer.write({
      actor: describeActor(actor),
      source: 'graphql',
      action: field?.name.value ?? key,
      tenantId:
        actor.kind === 'tenant-admin'
          ? actor.tenantId
          : actor.kind === 'platform-admin'
            ? auditTenantId(args.tenantId ?? args.id)
            : null,
      requestId: (ctx.req as { id?: string }).id ?? null,
      outcome: 'failure',
      errorCode,
      before: null,
      after: redactSecrets({ input: args }),
    });
  }

  /** True for the first refusal in the actor's current rate window; if Redis fails, every refusal is recorded. */
  private async firstThrottledInWindow(actor: Actor, error: RateLimitedError): Promise<boolean> {
    if (!('subject' in actor)) return true;
    try {
      const key = `${this.config.QUEUE_PREFIX}:audit:rate-limited:${actor.subject}`;
      return (await this.redis.set(key, '1', 'EX', Math.max(1, error.retryAfterSeconds), 'NX')) === 'OK';
    } catch {
      return true;
    }
  }
}

/** The actor the guard authenticated, or null when the token was refused (or never looked at). */
async function actorOf(ctx: GraphQLRequestContext): Promise<Actor | null> {
  try {
    return ctx.auth?.actor ? await ctx.auth.actor : null;
  } catch {
    return null;
  }
}

/** The root field answering `responseKey`, looking through fragments at the root as execution does. */
function rootField(
  document: DocumentNode,
  selectionSet: SelectionSetNode,
  responseKey: string,
): FieldNode | undefined {
  const fragments = new Map(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
  const find = (set: SelectionSetNode): FieldNode | undefined => {
    for (const selection of set.selections) {
      const found =
        selection.kind === Kind.FIELD
          ? (selection.alias ?? selection.name).value === responseKey
            ? selection
            : undefined
          : selection.kind === Kind.INLINE_FRAGMENT
            ? find(selection.selectionSet)
            : fragments.has(selection.name.value)
              ? find(fragments.get(selection.name.value)!.selectionSet)
              : undefined;
      if (found) return found;
    }
    return undefined;
  };
  return find(selectionSet);
}

/** The field's arguments as the resolver would have had them (the document was validated before execution). */
function argumentsOf(
  schema: GraphQLSchema,
  field: FieldNode,
  variables: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const definition = schema.getMutationType()?.getFields()[field.name.value];
  if (!definition) return {};
  try {
    return getArgumentValues(definition, field, variables ?? {});
  } catch {
    return {};
  }
}
