import { invalidParameter } from '../protocol/aws-error';
import type { UserRecord } from '../state/state-types';

const FILTERABLE = new Set([
  'username',
  'email',
  'phone_number',
  'name',
  'given_name',
  'family_name',
  'preferred_username',
  'cognito:user_status',
  'status',
  'sub',
]);

/** Compiles a ListUsers filter (`attr = "value"` or `attr ^= "value"`) into a predicate. */
export function compileUserFilter(filter: string | undefined): (user: UserRecord) => boolean {
  if (!filter || filter.trim() === '') return () => true;
  const match = /^\s*([\w:]+)\s*(\^?=)\s*"((?:[^"\\]|\\.)*)"\s*$/.exec(filter);
  if (!match || !FILTERABLE.has(match[1])) throw invalidParameter('Invalid search filter.');
  const [, attribute, operator, value] = match;
  const read = (user: UserRecord): string | undefined => {
    if (attribute === 'username') return user.username;
    if (attribute === 'cognito:user_status') return user.status;
    if (attribute === 'status') return user.enabled ? 'Enabled' : 'Disabled';
    return user.attributes[attribute];
  };
  return (user) => {
    const actual = read(user);
    if (actual === undefined) return false;
    return operator === '=' ? actual === value : actual.startsWith(value);
  };
}
