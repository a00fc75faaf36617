import { AwsError, invalidParameter, resourceNotFound } from '../protocol/aws-error';
import { newUuid } from '../state/id-generator';
import type { JsonObject, UserPoolRecord, UserRecord } from '../state/state-types';
import type { OperationContext, OperationTable } from './operation-context';
import { paginate, sortedEntries } from './pagination';
import { checkPasswordPolicy } from './password-policy';
import { pageLimit, requirePool } from './pool-lookup';
import { STANDARD_ATTRIBUTE_NAMES } from './standard-attributes';
import { compileUserFilter } from './user-filter';
import { getOwn, setOwn } from '../state/own-entry';

const MAX_GROUPS_PER_USER = 100;

export function requireUser(pool: UserPoolRecord, username: unknown): UserRecord {
  const user = getOwn(pool.users, String(username));
  if (!user) throw new AwsError('UserNotFoundException', 'User does not exist.');
  return user;
}

function attributesFrom(pool: UserPoolRecord, list: JsonObject[]): Record<string, string> {
  const custom = new Set(pool.customAttributes.map((a) => String(a.Name)));
  const out: Record<string, string> = {};
  for (const { Name, Value } of list as { Name: string; Value?: string }[]) {
    if (Name === 'sub') throw invalidParameter('Cannot modify the non-mutable attribute sub');
    if (!STANDARD_ATTRIBUTE_NAMES.has(Name) && !custom.has(Name)) {
      throw invalidParameter(`Attribute does not exist in the schema: ${Name}`);
    }
    out[Name] = Value ?? '';
  }
  return out;
}

function attributeList(user: UserRecord, only?: string[]): JsonObject[] {
  return Object.entries(user.attributes)
    .filter(([name]) => !only || only.includes(name))
    .map(([Name, Value]) => ({ Name, Value }));
}

function userType(user: UserRecord, only?: string[]): JsonObject {
  return {
    Username: user.username,
    Attributes: attributeList(user, only),
    UserCreateDate: user.createdAt,
    UserLastModifiedDate: user.modifiedAt,
    Enabled: user.enabled,
    UserStatus: user.status,
  };
}

function adminCreateUser(ctx: OperationContext, input: JsonObject): JsonObject {
  const pool = requirePool(ctx, input.UserPoolId);
  const username = String(input.Username);
  const existing = getOwn(pool.users, username);
  if (existing && input.MessageAction !== 'RESEND') {
    throw new AwsError('UsernameExistsException', 'User account already exists');
  }
  if (!existing && input.MessageAction === 'RESEND')
    throw new AwsError('UserNotFoundException', 'User does not exist.');
  if (existing) return { User: userType(existing) };
  const attributes = attributesFrom(pool, (input.UserAttributes as JsonObject[] | undefined) ?? []);
  const temporary = input.TemporaryPassword as string | undefined;
  if (temporary !== undefined) checkPasswordPolicy(pool, temporary);
  const sub = newUuid();
  const user: UserRecord = {
    username,
    sub,
    attributes: { sub, ...attributes },
    ...(temporary !== undefined ? { password: temporary } : {}),
    status: 'FORCE_CHANGE_PASSWORD',
    enabled: true,
    groups: [],
    createdAt: ctx.now,
    modifiedAt: ctx.now,
  };
  setOwn(pool.users, username, user);
  return { User: userType(user) };
}

export const USER_OPERATIONS: OperationTable = {
  AdminCreateUser: adminCreateUser,
  AdminGetUser: (ctx, input) => {
    const user = requireUser(requirePool(ctx, input.UserPoolId), input.Username);
    const { Attributes, ...rest } = userType(user);
    return { ...rest, UserAttributes: Attributes };
  },
  AdminSetUserPassword: (ctx, input) => {
    const pool = requirePool(ctx, input.UserPoolId);
    const user = requireUser(pool, input.Username);
    const password = String(input.Password);
    checkPasswordPolicy(pool, password);
    user.password = password;
    user.status = input.Permanent === true ? 'CONFIRMED' : 'FORCE_CHANGE_PASSWORD';
    user.modifiedAt = ctx.now;
    return {};
  },
  AdminAddUserToGroup: (ctx, input) => {
    const pool = requirePool(ctx, input.UserPoolId);
    const user = requireUser(pool, input.Username);
    const group = String(input.GroupName);
    if (!getOwn(pool.groups, group)) throw resourceNotFound('Group not found.');
    if (!user.groups.includes(group)) {
      if (user.groups.length >= MAX_GROUPS_PER_USER) {
        throw new AwsError('LimitExceededException', 'A user can belong to at most 100 groups.');
      }
      user.groups.push(group);
    }
    return {};
  },
  ListUsers: (ctx, input) => {
    const pool = requirePool(ctx, input.UserPoolId);
    const predicate = compileUserFilter(input.Filter as string | undefined);
    const matching = sortedEntries(pool.users).filter(([, user]) => predicate(user));
    const page = paginate(
      matching,
      pageLimit(input.Limit, 60),
      input.PaginationToken as string | undefined,
      `ListUsers:${pool.id}`,
    );
    const only = input.AttributesToGet as string[] | undefined;
    return {
      Users: page.items.map((user) => userType(user, only)),
      ...(page.nextToken ? { PaginationToken: page.nextToken } : {}),
    };
  },
};
