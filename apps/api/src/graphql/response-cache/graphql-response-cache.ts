import { ApolloServerPlugin, GraphQLRequestListener, HeaderMap } from '@apollo/server';
import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { FormattedExecutionResult } from 'graphql';
import { Counter, Registry } from 'prom-client';
import type { Actor } from '@idplane/admin-auth';
import { APP_CONFIG, AppConfig } from '@idplane/config';
import { ReadModelChanges } from '@idplane/persistence';
import { GraphQLRequestContext } from '../../auth/request-auth';
import { RequestAuthenticator } from '../../auth/request-authenticator';
import { isCacheableDocument } from './cacheable-document';
import { ResponseCacheStore } from './response-cache-store';

/** Kept at most this long, should a change ever reach the database without its notification (triggers disabled). */
const MAX_AGE_MS = 60_000;
/** Variables are part of the key: longer ones (never a tenant read's) are not cached rather than kept in memory. */
const MAX_VARIABLES_LENGTH = 1_024;

/** Whose answers a caller may be given: every platform admin sees the same; a tenant admin sees one tenant. */
const scopeOf = (actor: Actor): string | null =>
  actor.kind === 'platform-admin'
    ? 'platform'
    : actor.kind === 'tenant-admin'
      ? `tenant:${actor.tenantId}`
      : null;

/**
 * Answers of tenant reads kept in memory, per replica, until the read model changes (GRAPHQL_RESPONSE_CACHE_MB,
 * 0: off). A query is answered from here when its document selects only CACHED_FIELDS, its caller is authenticated as
 * one who was given this exact answer (same document, variables and scope), and no change has been heard of since.
 * Authentication still runs on every request; authorization and errors are never cached (only error-free answers are
 * kept, and an answer reaches only the scope it was authorized for).
 *
 * Freshness: a mutation through this replica empties it before its answer leaves, and every committed change by
 * anyone empties every replica when Postgres's notification arrives (milliseconds). While the listening connection is
 * not proven to work (ReadModelChanges) nothing is served from here, and no answer is kept over MAX_AGE_MS.
 */
@Injectable()
export class GraphQLResponseCache implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('GraphQLResponseCache');
  private readonly store: ResponseCacheStore<FormattedExecutionResult>;
  private readonly changes: ReadModelChanges;
  private readonly lookups: Counter<'outcome'>;
  private readonly enabled: boolean;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(RequestAuthenticator) private readonly authenticator: RequestAuthenticator,
    @Inject(Registry) registry: Registry,
  ) {
    this.enabled = config.GRAPHQL_RESPONSE_CACHE_MB > 0;
    this.store = new ResponseCacheStore(config.GRAPHQL_RESPONSE_CACHE_MB * 1024 * 1024, MAX_AGE_MS);
    this.changes = new ReadModelChanges(config.DATABASE_URL, {
      onLost: (error) =>
        this.logger.warn(`response cache paused until the read-model listener reconnects: ${error.message}`),
    });
    this.lookups = new Counter({
      name: 'idplane_graphql_response_cache_total',
      help: 'Cacheable GraphQL queries by outcome: hit (answered from the cache) or miss (executed).',
      labelNames: ['outcome'],
      registers: [registry],
    });
  }

  async onModuleInit(): Promise<void> {
    if (this.enabled) await this.changes.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.changes.stop();
  }

  plugin(): ApolloServerPlugin<GraphQLRequestContext> {
    if (!this.enabled) return {};
    return { requestDidStart: async () => this.requestListener() };
  }

  private requestListener(): GraphQLRequestListener<GraphQLRequestContext> {
    let pending: { key: string; generation: number } | null = null;
    return {
      responseForOperation: async ({ schema, document, operation, contextValue, queryHash, request }) => {
        if (operation.operation !== 'query' || this.changes.current() === null) return null;
        if (!isCacheableDocument(schema, document)) return null;
        const variables = JSON.stringify(request.variables ?? {});
        if (variables.length > MAX_VARIABLES_LENGTH) return null;
        // A request that fails authentication executes, and the guard answers it as usual.
        const actor = await this.authenticator.actorOf(contextValue).catch(() => null);
        const scope = actor && scopeOf(actor);
        // Read after authentication, which may have waited: what is read next is at least this fresh.
        const generation = this.changes.current();
        if (!scope || generation === null) return null;
        const key = `${scope}\n${request.operationName ?? ''}\n${queryHash}\n${variables}`;
        const cached = this.store.get(key, generation, Date.now());
        this.lookups.inc({ outcome: cached ? 'hit' : 'miss' });
        if (cached)
          return { http: { headers: new HeaderMap() }, body: { kind: 'single', singleResult: cached } };
        pending = { key, generation };
        return null;
      },
      willSendResponse: async ({ operation, response }) => {
        if (operation?.operation === 'mutation') this.changes.changed();
        if (pending && response.body.kind === 'single' && !response.body.singleResult.errors) {
          // Kept as a plain copy: graphql-js builds results from prototype-less objects, which V8 serialises almost
          // twice as slowly, and every hit serialises the answer again.
          const json = JSON.stringify(response.body.singleResult);
          // Estimated heap: a parsed answer takes about twice its JSON's length, plus its key and the entry.
          const bytes = 2 * json.length + pending.key.length + 256;
          this.store.set(pending.key, pending.generation, JSON.parse(json), bytes, Date.now());
        }
      },
    };
  }
}
