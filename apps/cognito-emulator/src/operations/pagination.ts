import { invalidParameter } from '../protocol/aws-error';

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

/**
 * Key-based pagination: the token names the last key returned, so deletions between pages neither skip nor
 * repeat items. Tokens are opaque to callers.
 */
export function paginate<T>(
  entries: [string, T][],
  limit: number,
  token: string | undefined,
  operation: string,
): Page<T> {
  let start = 0;
  if (token !== undefined) {
    let after: string;
    try {
      const decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {
        op?: unknown;
        after?: unknown;
      };
      if (decoded.op !== operation || typeof decoded.after !== 'string') throw new Error('foreign token');
      after = decoded.after;
    } catch {
      throw invalidParameter('Invalid pagination token');
    }
    const index = entries.findIndex(([key]) => key > after);
    start = index === -1 ? entries.length : index;
  }
  const slice = entries.slice(start, start + limit);
  const more = start + limit < entries.length;
  const last = slice[slice.length - 1];
  return {
    items: slice.map(([, value]) => value),
    nextToken:
      more && last
        ? Buffer.from(JSON.stringify({ op: operation, after: last[0] })).toString('base64url')
        : undefined,
  };
}

/** Entries sorted by key, which is what key-based tokens need. */
export function sortedEntries<T>(record: Record<string, T>): [string, T][] {
  return Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
