import { ValidationError, isUuid } from '@idplane/errors';

/** Opaque Relay cursor over the stable (createdAt, id) ordering. */
export function encodeTenantCursor(createdAt: Date, id: string): string {
  return Buffer.from(JSON.stringify([createdAt.toISOString(), id])).toString('base64url');
}

export function decodeTenantCursor(cursor: string, field = 'after'): { createdAt: Date; id: string } {
  try {
    const [iso, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    const createdAt = new Date(String(iso));
    if (typeof id !== 'string' || !isUuid(id) || Number.isNaN(createdAt.getTime())) throw new Error();
    return { createdAt, id };
  } catch {
    throw new ValidationError([{ field, message: 'is not a cursor this API returned' }]);
  }
}
