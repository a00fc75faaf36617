import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import type { AccessScope } from '@idplane/admin-auth';
import { GraphQLRequestContext } from './request-auth';

/** The scope the guard granted this root field: everything, or one tenant. */
export const Scope = createParamDecorator((_: unknown, context: ExecutionContext): AccessScope => {
  const gql = GqlExecutionContext.create(context);
  const scope = gql
    .getContext<GraphQLRequestContext>()
    .auth?.scopes.get(String(gql.getInfo<GraphQLResolveInfo>().path.key));
  // The guard runs first and always records a scope; reaching here without one is a wiring bug, so deny.
  if (!scope) throw new Error('no access scope recorded for this field');
  return scope;
});
