import { AwsError, resourceNotFound } from '../protocol/aws-error';
import type { JsonObject, UserPoolRecord } from '../state/state-types';
import type { OperationTable } from './operation-context';
import { paginate, sortedEntries } from './pagination';
import { enforceLimit, pageLimit, pick, requirePool } from './pool-lookup';
import { getOwn, setOwn } from '../state/own-entry';

function requireGroup(pool: UserPoolRecord, name: unknown): JsonObject {
  const group = getOwn(pool.groups, String(name));
  if (!group) throw resourceNotFound('Group not found.');
  return group;
}

export const GROUP_OPERATIONS: OperationTable = {
  CreateGroup: (ctx, input) => {
    const pool = requirePool(ctx, input.UserPoolId);
    const name = String(input.GroupName);
    if (getOwn(pool.groups, name))
      throw new AwsError('GroupExistsException', `A group with the name ${name} already exists.`);
    enforceLimit(Object.keys(pool.groups).length, ctx.limits.groupsPerPool, 'groups per user pool');
    const group: JsonObject = {
      GroupName: name,
      UserPoolId: pool.id,
      ...pick(input, ['Description', 'RoleArn', 'Precedence']),
      LastModifiedDate: ctx.now,
      CreationDate: ctx.now,
    };
    setOwn(pool.groups, name, group);
    return { Group: { ...group } };
  },
  GetGroup: (ctx, input) => ({
    Group: { ...requireGroup(requirePool(ctx, input.UserPoolId), input.GroupName) },
  }),
  UpdateGroup: (ctx, input) => {
    const pool = requirePool(ctx, input.UserPoolId);
    const group = requireGroup(pool, input.GroupName);
    // Members left out of UpdateGroup keep their values.
    Object.assign(group, pick(input, ['Description', 'RoleArn', 'Precedence']), {
      LastModifiedDate: ctx.now,
    });
    return { Group: { ...group } };
  },
  DeleteGroup: (ctx, input) => {
    const pool = requirePool(ctx, input.UserPoolId);
    requireGroup(pool, input.GroupName);
    delete pool.groups[String(input.GroupName)];
    for (const user of Object.values(pool.users))
      user.groups = user.groups.filter((g) => g !== input.GroupName);
    return {};
  },
  ListGroups: (ctx, input) => {
    const pool = requirePool(ctx, input.UserPoolId);
    const page = paginate(
      sortedEntries(pool.groups),
      pageLimit(input.Limit, 60),
      input.NextToken as string | undefined,
      `ListGroups:${pool.id}`,
    );
    return {
      Groups: page.items.map((g) => ({ ...g })),
      ...(page.nextToken ? { NextToken: page.nextToken } : {}),
    };
  },
};
