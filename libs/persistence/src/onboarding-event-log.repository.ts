import { DataSource } from 'typeorm';
import type {
  OnboardingEvent,
  OnboardingEventLog,
  OnboardingOutcome,
  OnboardingReceipt,
} from '@idplane/tenancy';
import { AdvisoryLocks } from './advisory-lock';
import { ConcurrencyLimit } from './concurrency-limit';
import { deleteInBatches } from './delete-in-batches';

/** Events applied at once per api process: each holds two connections of a pool of at least ten. */
const ONBOARDING_CONCURRENCY = 2;

/** Applied onboarding events in Postgres; serialization per slug through an advisory lock shared by replicas. */
export class PostgresOnboardingEventLog implements OnboardingEventLog {
  private readonly locks: AdvisoryLocks;
  private readonly slots = new ConcurrencyLimit(ONBOARDING_CONCURRENCY);

  constructor(private readonly dataSource: DataSource) {
    this.locks = new AdvisoryLocks(dataSource);
  }

  async find(
    source: string,
    eventId: string,
  ): Promise<{ receipt: OnboardingReceipt; digest: string } | null> {
    const rows: { outcome: OnboardingOutcome; tenant_id: string | null; body_sha256: string }[] =
      await this.dataSource.query(
        `SELECT outcome, tenant_id, body_sha256 FROM onboarding_events WHERE source = $1 AND event_id = $2`,
        [source, eventId],
      );
    const [row] = rows;
    return row
      ? { receipt: { outcome: row.outcome, tenantId: row.tenant_id }, digest: row.body_sha256 }
      : null;
  }

  async hasLaterEvent(source: string, slug: string, occurredAt: Date): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM onboarding_events WHERE source = $1 AND tenant_slug = $2 AND occurred_at > $3 LIMIT 1`,
      [source, slug, occurredAt],
    );
    return rows.length > 0;
  }

  async record(
    source: string,
    event: OnboardingEvent,
    digest: string,
    receipt: OnboardingReceipt,
  ): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO onboarding_events (source, event_id, event_type, tenant_slug, occurred_at, outcome, tenant_id,
                                      body_sha256)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (source, event_id) DO NOTHING`,
      [
        source,
        event.id,
        event.type,
        event.tenant.slug,
        event.occurredAt,
        receipt.outcome,
        receipt.tenantId,
        digest,
      ],
    );
  }

  /** Deletes events received longer ago than `olderThanMs` (ONBOARDING_EVENT_RETENTION_MS), in batches. */
  prune(olderThanMs: number): Promise<number> {
    return deleteInBatches(
      this.dataSource,
      'onboarding_events',
      `created_at < now() - ($2::double precision * interval '1 millisecond')`,
      [olderThanMs],
    );
  }

  /**
   * The locks hold a pooled connection while fn needs another: unbounded, a burst of webhooks would take the whole
   * pool and starve GraphQL too. A few at a time per process; the rest wait here, holding nothing. The event id's
   * lock comes first: two deliveries of one id naming different slugs must not both apply.
   */
  serialized<T>(source: string, event: OnboardingEvent, fn: () => Promise<T>): Promise<T> {
    return this.slots.run(() =>
      this.locks.withLocks([`onboarding-event:${source}:${event.id}`, `onboarding:${event.tenant.slug}`], fn),
    );
  }
}
