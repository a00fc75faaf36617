import { AwsError, resourceNotFound } from '../protocol/aws-error';
import type { JsonObject, UserPoolRecord } from '../state/state-types';
import type { OperationContext } from './operation-context';
import { getOwn } from '../state/own-entry';

export function requirePool(ctx: OperationContext, userPoolId: unknown): UserPoolRecord {
  const pool = getOwn(ctx.regionState.userPools, String(userPoolId));
  if (!pool) throw resourceNotFound(`User pool ${String(userPoolId)} does not exist.`);
  return pool;
}

export function requireClient(pool: UserPoolRecord, clientId: unknown): JsonObject {
  const client = getOwn(pool.clients, String(clientId));
  if (!client) throw resourceNotFound(`User pool client ${String(clientId)} does not exist.`);
  return client;
}

export function enforceLimit(count: number, limit: number, what: string): void {
  if (count >= limit)
    throw new AwsError('LimitExceededException', `The limit of ${limit} ${what} has been reached.`);
}

export function poolArn(ctx: OperationContext, poolId: string): string {
  return `arn:aws:cognito-idp:${ctx.region}:${ctx.accountId}:userpool/${poolId}`;
}

/** Copies the listed members that are present in the input. */
export function pick(input: JsonObject, keys: readonly string[]): JsonObject {
  const out: JsonObject = {};
  for (const key of keys) if (input[key] !== undefined && input[key] !== null) out[key] = input[key];
  return out;
}

export function pageLimit(value: unknown, fallback: number): number {
  return typeof value === 'number' && value > 0 ? value : fallback;
}
