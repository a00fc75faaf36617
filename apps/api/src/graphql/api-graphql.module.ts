import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { GraphQLModule } from '@nestjs/graphql';
import { APP_CONFIG, AppConfig } from '@idplane/config';
import { formatGraphQLError } from './graphql-error.formatter';

/** Apollo on Nest, code-first. The schema is built in memory; `npm run schema:generate` writes schema.graphql. */
export const ApiGraphQLModule = GraphQLModule.forRootAsync<ApolloDriverConfig>({
  driver: ApolloDriver,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig) => ({
    autoSchemaFile: true,
    sortSchema: true,
    path: '/graphql',
    playground: false,
    introspection: config.NODE_ENV !== 'production',
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    formatError: formatGraphQLError,
    context: ({ req }: { req: unknown }) => ({ req }),
  }),
});
