import { FieldIssue, ValidationError } from '@idplane/errors';
import { SLUG_PATTERN } from './tenant-spec.validator';

/** What billing and CRM systems may ask for. Deletion is not among them: it stays an operator's act. */
export const ONBOARDING_EVENT_TYPES = [
  'tenant.provision',
  'tenant.update',
  'tenant.suspend',
  'tenant.resume',
] as const;
export type OnboardingEventType = (typeof ONBOARDING_EVENT_TYPES)[number];

/** Plan-level settings a webhook may set; URLs, scopes, clients and IdPs stay with the admin API. */
export const ONBOARDING_SETTINGS = ['displayName', 'mfa', 'threatProtection', 'deletionProtection'] as const;
export type OnboardingSetting = (typeof ONBOARDING_SETTINGS)[number];

const TENANT_FIELDS: Record<OnboardingEventType, readonly string[]> = {
  'tenant.provision': ['slug', 'isolationModel', 'region', ...ONBOARDING_SETTINGS],
  'tenant.update': ['slug', ...ONBOARDING_SETTINGS],
  'tenant.suspend': ['slug'],
  'tenant.resume': ['slug'],
};

/** Settings values stay untrusted here: TenantService validates them as it does the admin API's. */
export interface OnboardingTenantInput {
  slug: string;
  isolationModel?: unknown;
  region?: unknown;
  displayName?: unknown;
  mfa?: unknown;
  threatProtection?: unknown;
  deletionProtection?: unknown;
}

export interface OnboardingEvent {
  /** The sender's unique id of the event: a redelivery carries the same one. */
  id: string;
  type: OnboardingEventType;
  /** When the change happened at the sender: an event older than one already applied to the tenant is skipped. */
  occurredAt: Date;
  tenant: OnboardingTenantInput;
}

const EVENT_FIELDS = ['id', 'type', 'occurredAt', 'tenant'];
const EVENT_ID = /^[\x21-\x7e]{1,200}$/;
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
/** Senders' clocks drift; an event from further ahead than this is a mistake, and would outrank every later one. */
const MAX_CLOCK_SKEW_MS = 5 * 60_000;
/**
 * How old an event may be. Senders retry for days, not weeks; and applied events are kept (for redeliveries and
 * ordering) a little longer than this, ONBOARDING_EVENT_RETENTION_MS, so every event accepted is checked against them.
 */
export const MAX_EVENT_AGE_MS = 30 * 24 * 3_600_000;
export const ONBOARDING_EVENT_RETENTION_MS = MAX_EVENT_AGE_MS + 5 * 24 * 3_600_000;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Validates a webhook body into an OnboardingEvent, or throws a ValidationError naming every bad field. */
export function parseOnboardingEvent(body: unknown, now: Date): OnboardingEvent {
  if (!isRecord(body)) throw new ValidationError([{ field: 'body', message: 'must be a JSON object' }]);
  const issues: FieldIssue[] = [];
  for (const key of Object.keys(body)) {
    if (!EVENT_FIELDS.includes(key))
      issues.push({ field: key, message: 'is not a field of an onboarding event' });
  }
  if (typeof body.id !== 'string' || !EVENT_ID.test(body.id)) {
    issues.push({ field: 'id', message: 'must be 1-200 printable ASCII characters without spaces' });
  }
  const type = ONBOARDING_EVENT_TYPES.find((t) => t === body.type);
  if (!type) issues.push({ field: 'type', message: `must be one of ${ONBOARDING_EVENT_TYPES.join(', ')}` });
  const occurredAt =
    typeof body.occurredAt === 'string' && ISO_TIMESTAMP.test(body.occurredAt)
      ? new Date(body.occurredAt)
      : null;
  if (!occurredAt || Number.isNaN(occurredAt.getTime())) {
    issues.push({ field: 'occurredAt', message: 'must be an ISO 8601 timestamp with a time zone' });
  } else if (occurredAt.getTime() > now.getTime() + MAX_CLOCK_SKEW_MS) {
    issues.push({ field: 'occurredAt', message: 'must not be more than 5 minutes in the future' });
  } else if (occurredAt.getTime() < now.getTime() - MAX_EVENT_AGE_MS) {
    issues.push({ field: 'occurredAt', message: 'must be within the last 30 days' });
  }
  const tenant = body.tenant;
  if (!isRecord(tenant)) {
    issues.push({ field: 'tenant', message: 'must be an object' });
  } else {
    if (typeof tenant.slug !== 'string' || !SLUG_PATTERN.test(tenant.slug)) {
      issues.push({
        field: 'tenant.slug',
        message: 'must be 3-40 lowercase letters, digits or hyphens, starting with a letter',
      });
    }
    if (type) {
      for (const key of Object.keys(tenant)) {
        if (!TENANT_FIELDS[type].includes(key))
          issues.push({ field: `tenant.${key}`, message: `cannot be set by a ${type} event` });
      }
      if (type === 'tenant.update' && !ONBOARDING_SETTINGS.some((key) => key in tenant)) {
        issues.push({
          field: 'tenant',
          message: `must name at least one of ${ONBOARDING_SETTINGS.join(', ')}`,
        });
      }
    }
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return {
    id: body.id as string,
    type: type!,
    occurredAt: occurredAt!,
    tenant: tenant as unknown as OnboardingTenantInput,
  };
}
