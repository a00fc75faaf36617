import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { GraphQLModule } from '@nestjs/graphql';
import type { GraphQLError } from 'graphql';
import { APP_CONFIG, AppConfig } from '@idplane/config';
import { formatGraphQLError, formatSubscriptionErrors } from './graphql-error.formatter';
import { complexityLimitPlugin, depthLimitRule } from './query-limits';
import { describeRootTypes } from './root-type-descriptions';
import { identityProviderListingPlugin } from '../identity-providers/identity-provider-listing';
import { GraphQLResponseCache } from './response-cache/graphql-response-cache';
import { ResponseCacheModule } from './response-cache/response-cache.module';

/** Apollo on Nest, code-first. The schema is built in memory; `npm run schema:generate` writes schema.graphql. */
export const ApiGraphQLModule = GraphQLModule.forRootAsync<ApolloDriverConfig>({
  driver: ApolloDriver,
  imports: [ResponseCacheModule],
  inject: [APP_CONFIG, GraphQLResponseCache],
  useFactory: (config: AppConfig, responseCache: GraphQLResponseCache) => {
    const development = config.NODE_ENV !== 'production';
    const landingPage = config.GRAPHQL_LANDING_PAGE ?? development;
    return {
      autoSchemaFile: true,
      sortSchema: true,
      transformSchema: describeRootTypes,
      path: '/graphql',
      playground: false,
      introspection: config.GRAPHQL_INTROSPECTION ?? development,
      includeStacktraceInErrorResponses: false,
      csrfPrevention: true,
      validationRules: [depthLimitRule(config.GRAPHQL_MAX_DEPTH)],
      plugins: [
        // Nothing here is HTTP-cacheable (every answer depends on the caller's token), and the default cache-control
        // plugin wraps every field resolver to compute hints: a large share of a tenant list's CPU.
        ApolloServerPluginCacheControlDisabled(),
        complexityLimitPlugin(config.GRAPHQL_MAX_COMPLEXITY),
        identityProviderListingPlugin(),
        responseCache.plugin(),
        ...(landingPage ? [ApolloServerPluginLandingPageLocalDefault({ embed: true })] : []),
      ],
      formatError: formatGraphQLError,
      subscriptions: {
        'graphql-ws': {
          path: '/graphql',
          // graphql-ws bypasses Apollo's formatError; its errors get the same codes here.
          onNext: (
            ...[, , , , result]: [unknown, unknown, unknown, unknown, { errors?: readonly GraphQLError[] }]
          ) => (result.errors ? { ...result, errors: formatSubscriptionErrors(result.errors) } : undefined),
          onError: (...[, , , errors]: [unknown, unknown, unknown, readonly GraphQLError[]]) =>
            formatSubscriptionErrors(errors),
        },
      },
      // Over graphql-ws there is no HTTP request: the token comes in connectionParams, and is checked by the same
      // guard as every query and mutation.
      context: ({
        req,
        connectionParams,
      }: {
        req?: unknown;
        connectionParams?: Record<string, unknown>;
      }) => ({
        req: req ?? {
          headers: { authorization: connectionParams?.authorization ?? connectionParams?.Authorization },
        },
      }),
    };
  },
});
