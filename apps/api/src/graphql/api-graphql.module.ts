import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { GraphQLModule } from '@nestjs/graphql';
import { APP_CONFIG, AppConfig } from '@idplane/config';
import { formatGraphQLError } from './graphql-error.formatter';
import { complexityLimitPlugin, depthLimitRule } from './query-limits';

/** Apollo on Nest, code-first. The schema is built in memory; `npm run schema:generate` writes schema.graphql. */
export const ApiGraphQLModule = GraphQLModule.forRootAsync<ApolloDriverConfig>({
  driver: ApolloDriver,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig) => {
    const development = config.NODE_ENV !== 'production';
    const landingPage = config.GRAPHQL_LANDING_PAGE ?? development;
    return {
      autoSchemaFile: true,
      sortSchema: true,
      path: '/graphql',
      playground: false,
      introspection: config.GRAPHQL_INTROSPECTION ?? development,
      includeStacktraceInErrorResponses: false,
      csrfPrevention: true,
      validationRules: [depthLimitRule(config.GRAPHQL_MAX_DEPTH)],
      plugins: [
        complexityLimitPlugin(config.GRAPHQL_MAX_COMPLEXITY),
        ...(landingPage ? [ApolloServerPluginLandingPageLocalDefault({ embed: true })] : []),
      ],
      formatError: formatGraphQLError,
      context: ({ req }: { req: unknown }) => ({ req }),
    };
  },
});
