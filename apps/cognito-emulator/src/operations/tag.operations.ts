import { invalidParameter, resourceNotFound } from '../protocol/aws-error';
import type { UserPoolRecord } from '../state/state-types';
import type { OperationContext, OperationTable } from './operation-context';
import { getOwn } from '../state/own-entry';

const MAX_TAGS = 50;

function poolFromArn(ctx: OperationContext, arn: unknown): UserPoolRecord {
  const match = /^arn:aws:cognito-idp:([^:]+):([^:]+):userpool\/(.+)$/.exec(String(arn));
  const pool =
    match && match[1] === ctx.region && match[2] === ctx.accountId
      ? getOwn(ctx.regionState.userPools, match[3])
      : undefined;
  if (!pool) throw resourceNotFound(`Resource ${String(arn)} does not exist.`);
  return pool;
}

export const TAG_OPERATIONS: OperationTable = {
  TagResource: (ctx, input) => {
    const pool = poolFromArn(ctx, input.ResourceArn);
    const merged = { ...pool.tags, ...((input.Tags as Record<string, string> | undefined) ?? {}) };
    if (Object.keys(merged).length > MAX_TAGS)
      throw invalidParameter(`A resource can have at most ${MAX_TAGS} tags.`);
    pool.tags = merged;
    return {};
  },
  UntagResource: (ctx, input) => {
    const pool = poolFromArn(ctx, input.ResourceArn);
    for (const key of (input.TagKeys as string[] | undefined) ?? []) delete pool.tags[key];
    return {};
  },
  ListTagsForResource: (ctx, input) => ({ Tags: { ...poolFromArn(ctx, input.ResourceArn).tags } }),
};
