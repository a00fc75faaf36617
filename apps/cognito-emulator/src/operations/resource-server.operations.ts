import { invalidParameter, resourceNotFound } from '../protocol/aws-error';
import type { JsonObject, UserPoolRecord } from '../state/state-types';
import type { OperationTable } from './operation-context';
import { paginate, sortedEntries } from './pagination';
import { enforceLimit, pageLimit, requirePool } from './pool-lookup';
import { getOwn, setOwn } from '../state/own-entry';

function requireServer(pool: UserPoolRecord, identifier: unknown): JsonObject {
  const server = getOwn(pool.resourceServers, String(identifier));
  if (!server) throw resourceNotFound(`Resource server ${String(identifier)} does not exist.`);
  return server;
}

function checkScopes(scopes: JsonObject[]): JsonObject[] {
  const names = scopes.map((s) => String(s.ScopeName));
  if (new Set(names).size !== names.length) throw invalidParameter('Scope names must be unique.');
  return scopes.map((s) => ({ ...s }));
}

export const RESOURCE_SERVER_OPERATIONS: OperationTable = {
  CreateResourceServer: (ctx, input) => {
    const pool = requirePool(ctx, input.UserPoolId);
    const identifier = String(input.Identifier);
    if (getOwn(pool.resourceServers, identifier)) {
      throw invalidParameter(
        `A resource server with identifier ${identifier} already exists in this user pool.`,
      );
    }
    enforceLimit(
      Object.keys(pool.resourceServers).length,
      ctx.limits.resourceServersPerPool,
      'resource servers per user pool',
    );
    const server: JsonObject = {
      UserPoolId: pool.id,
      Identifier: identifier,
      Name: input.Name,
      Scopes: checkScopes((input.Scopes as JsonObject[] | undefined) ?? []),
    };
    setOwn(pool.resourceServers, identifier, server);
    return { ResourceServer: { ...server } };
  },
  DescribeResourceServer: (ctx, input) => ({
    ResourceServer: { ...requireServer(requirePool(ctx, input.UserPoolId), input.Identifier) },
  }),
  UpdateResourceServer: (ctx, input) => {
    const pool = requirePool(ctx, input.UserPoolId);
    const server = requireServer(pool, input.Identifier);
    server.Name = input.Name;
    server.Scopes = checkScopes((input.Scopes as JsonObject[] | undefined) ?? []);
    return { ResourceServer: { ...server } };
  },
  DeleteResourceServer: (ctx, input) => {
    const pool = requirePool(ctx, input.UserPoolId);
    requireServer(pool, input.Identifier);
    delete pool.resourceServers[String(input.Identifier)];
    return {};
  },
  ListResourceServers: (ctx, input) => {
    const pool = requirePool(ctx, input.UserPoolId);
    const page = paginate(
      sortedEntries(pool.resourceServers),
      pageLimit(input.MaxResults, 50),
      input.NextToken as string | undefined,
      `ListResourceServers:${pool.id}`,
    );
    return {
      ResourceServers: page.items.map((s) => ({ ...s })),
      ...(page.nextToken ? { NextToken: page.nextToken } : {}),
    };
  },
};
