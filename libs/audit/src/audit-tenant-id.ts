import { isUuid } from '@idplane/errors';

/**
 * The tenant id an audit event can be filed under: a UUID, lower-cased. Anything else (a caller's typo, a slug) is
 * no tenant at all; the raw value stays in the event's summary, so the attempt is recorded rather than lost.
 */
export function auditTenantId(value: unknown): string | null {
  return isUuid(value) ? value.toLowerCase() : null;
}
