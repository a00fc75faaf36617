import { GraphQLObjectType, GraphQLSchema, type GraphQLNamedType } from 'graphql';

/** What the portal reads in its schema browser for each root type. */
export const ROOT_TYPE_DESCRIPTIONS = {
  query:
    "Reads. Each field needs a Bearer token and passes the caller's access policy first: platform admins see " +
    'every tenant, tenant admins only their own (another tenant is NOT_FOUND).',
  mutation:
    'Changes to the desired state, each committed with its outbox row and audited; the worker then makes Cognito ' +
    'match. Rate-limited per actor, with the same access policies as reads.',
  subscription:
    'Live updates over graphql-ws, with the token in connectionParams.authorization and the same access policies.',
} as const;

/**
 * Gives Query, Mutation and Subscription their descriptions. @nestjs/graphql builds the root types itself and has no
 * option for their descriptions (only fields are decorated), so both the served schema (GraphQLModule's
 * transformSchema) and the generated schema.graphql pass through here.
 */
export function describeRootTypes(schema: GraphQLSchema): GraphQLSchema {
  const config = schema.toConfig();
  const describe = (root: GraphQLObjectType | null | undefined, kind: keyof typeof ROOT_TYPE_DESCRIPTIONS) =>
    root ? new GraphQLObjectType({ ...root.toConfig(), description: ROOT_TYPE_DESCRIPTIONS[kind] }) : root;
  const query = describe(config.query, 'query');
  const mutation = describe(config.mutation, 'mutation');
  const subscription = describe(config.subscription, 'subscription');
  const replaced = new Map<GraphQLNamedType, GraphQLNamedType>();
  for (const [before, after] of [
    [config.query, query],
    [config.mutation, mutation],
    [config.subscription, subscription],
  ] as const) {
    if (before && after) replaced.set(before, after);
  }
  return new GraphQLSchema({
    ...config,
    query,
    mutation,
    subscription,
    types: config.types.map((type) => replaced.get(type) ?? type),
  });
}
