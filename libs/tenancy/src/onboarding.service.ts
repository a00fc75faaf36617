import { ConflictError, DomainError, NotFoundError, ValidationError } from '@idplane/errors';
import { OnboardingEvent, ONBOARDING_SETTINGS, OnboardingTenantInput } from './onboarding-event';
import { Tenant } from './tenant';
import { TenantService } from './tenant.service';

export type OnboardingOutcome = 'created' | 'updated' | 'unchanged' | 'suspended' | 'resumed' | 'superseded';
export type OnboardingOperation = 'createTenant' | 'updateTenantSpec' | 'suspendTenant' | 'resumeTenant';

/** What an applied event did; kept per (source, event id) so a redelivery gets the same answer. */
export interface OnboardingReceipt {
  outcome: OnboardingOutcome;
  tenantId: string | null;
}

export interface OnboardingResult {
  receipt: OnboardingReceipt;
  /** The event was applied before: nothing ran now. */
  duplicate: boolean;
  /** The TenantService operation that ran, or null when the event changed nothing. */
  operation: OnboardingOperation | null;
  /** The tenant before and after; null where there was none or nothing was read. */
  before: Tenant | null;
  tenant: Tenant | null;
}

/** Port to the record of applied onboarding events; the persistence adapter implements it. */
export interface OnboardingEventLog {
  /** The receipt of an applied event, with the digest of the body it came with. */
  find(source: string, eventId: string): Promise<{ receipt: OnboardingReceipt; digest: string } | null>;
  /** Whether an event from `source` for this slug that happened after `occurredAt` was applied already. */
  hasLaterEvent(source: string, slug: string, occurredAt: Date): Promise<boolean>;
  record(source: string, event: OnboardingEvent, digest: string, receipt: OnboardingReceipt): Promise<void>;
  /** Runs fn while no other onboarding event for the slug, or with the event's id, runs in any api replica. */
  serialized<T>(source: string, event: OnboardingEvent, fn: () => Promise<T>): Promise<T>;
}

export const ONBOARDING_EVENT_LOG = Symbol('ONBOARDING_EVENT_LOG');

/** A concurrent admin change can move the version between read and write; a webhook carries none, so it re-reads. */
const VERSION_ATTEMPTS = 3;

/**
 * Applies onboarding events from billing and CRM systems through TenantService, so they pass the same validation
 * and write desired state with its outbox intent like the admin API. Every event is idempotent: a redelivery gets
 * the first answer, a provision of an existing tenant converges its settings, and suspending a suspended tenant
 * changes nothing. Events for one slug run one at a time, and one older than an applied one is skipped, so a
 * late retry of "suspend" cannot undo a newer "resume".
 */
export class OnboardingService {
  constructor(
    private readonly tenants: TenantService,
    private readonly log: OnboardingEventLog,
  ) {}

  /**
   * Applies `event` from `source`, once. `digest` identifies the event's body: an id sent again with another body is
   * refused. `onApplied` (the audit record) runs before the event is recorded as applied: if it throws, or the
   * process dies in between, the sender's retry applies (and audits) it again rather than answer a duplicate.
   */
  async apply(
    delivery: { source: string; event: OnboardingEvent; digest: string },
    onApplied: (result: OnboardingResult) => Promise<void>,
  ): Promise<OnboardingResult> {
    const { source, event, digest } = delivery;
    return this.log.serialized(source, event, async () => {
      const known = await this.log.find(source, event.id);
      if (known) {
        if (known.digest !== digest)
          throw new ConflictError(`event ${event.id} was already received with another body`, 'id');
        return { receipt: known.receipt, duplicate: true, operation: null, before: null, tenant: null };
      }
      const result = (await this.log.hasLaterEvent(source, event.tenant.slug, event.occurredAt))
        ? await this.superseded(event)
        : await withFieldsUnder('tenant', () => this.run(event));
      await onApplied(result);
      await this.log.record(source, event, digest, result.receipt);
      return result;
    });
  }

  /** A skipped event still names its tenant, so that the tenant's admins see it in the audit log. */
  private async superseded(event: OnboardingEvent): Promise<OnboardingResult> {
    const tenantId = await this.tenantIdFor(event.tenant.slug);
    return {
      receipt: { outcome: 'superseded', tenantId },
      duplicate: false,
      operation: null,
      before: null,
      tenant: null,
    };
  }

  /** The id of the tenant an event names, for the audit record of a refused event; null when none or unreadable. */
  async tenantIdFor(slug: string): Promise<string | null> {
    return (await this.tenants.findTenantBySlug(slug).catch(() => null))?.id ?? null;
  }

  private async run(event: OnboardingEvent): Promise<OnboardingResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.runOnce(event);
      } catch (error) {
        if (
          !(error instanceof ConflictError) ||
          error.field !== 'expectedVersion' ||
          attempt >= VERSION_ATTEMPTS
        )
          throw error;
      }
    }
  }

  private async runOnce(event: OnboardingEvent): Promise<OnboardingResult> {
    const input = event.tenant;
    const before = await this.tenants.findTenantBySlug(input.slug);
    if (!before) {
      if (event.type !== 'tenant.provision')
        throw new NotFoundError(`tenant with slug ${input.slug} does not exist`, 'input.slug');
      const tenant = await this.tenants.createTenant(input);
      return done('created', 'createTenant', null, tenant);
    }
    if (before.status === 'DELETING' || before.status === 'DELETED')
      throw new ConflictError(`tenant ${before.slug} is ${before.status}`, 'input.slug');
    switch (event.type) {
      case 'tenant.provision':
      case 'tenant.update': {
        const change = changedSettings(before, input);
        if (!change) return done('unchanged', null, before, before);
        const tenant = await this.tenants.updateTenantSpec(before.id, change, before.version);
        return done('updated', 'updateTenantSpec', before, tenant);
      }
      case 'tenant.suspend':
        if (before.suspended) return done('unchanged', null, before, before);
        return done(
          'suspended',
          'suspendTenant',
          before,
          await this.tenants.suspendTenant(before.id, before.version),
        );
      case 'tenant.resume':
        if (!before.suspended) return done('unchanged', null, before, before);
        return done(
          'resumed',
          'resumeTenant',
          before,
          await this.tenants.resumeTenant(before.id, before.version),
        );
    }
  }
}

function done(
  outcome: OnboardingOutcome,
  operation: OnboardingOperation | null,
  before: Tenant | null,
  tenant: Tenant,
): OnboardingResult {
  return { receipt: { outcome, tenantId: tenant.id }, duplicate: false, operation, before, tenant };
}

/**
 * The fields of `input` that differ from the tenant, or null when none does. isolationModel and region are passed on
 * when they differ, so that updateTenantSpec refuses them as it does for the admin API.
 */
function changedSettings(tenant: Tenant, input: OnboardingTenantInput): Record<string, unknown> | null {
  const change: Record<string, unknown> = {};
  for (const key of [...ONBOARDING_SETTINGS, 'isolationModel', 'region'] as const) {
    const value = input[key];
    // The validator trims the display name before storing it: " Acme " is no change to "Acme".
    const comparable = key === 'displayName' && typeof value === 'string' ? value.trim() : value;
    if (value !== undefined && comparable !== tenant[key]) change[key] = value;
  }
  return Object.keys(change).length > 0 ? change : null;
}

/** TenantService names fields as the admin API's `input`; a webhook's body calls the same object `tenant`. */
async function withFieldsUnder<T>(prefix: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    throw renameFields(error, prefix);
  }
}

function renameFields(error: DomainError, prefix: string): DomainError {
  const rename = (field: string) => field.replace(/^input(?=\.|$)/, prefix);
  if (error instanceof ValidationError)
    return new ValidationError(error.issues.map((i) => ({ ...i, field: rename(i.field) })));
  // Thrown for this call alone, so renaming in place is safe.
  if (error.field) (error as { field?: string }).field = rename(error.field);
  return error;
}
