import { DataSource } from 'typeorm';
import type {
  OnboardingEvent,
  OnboardingEventLog,
  OnboardingOutcome,
  OnboardingReceipt,
} from '@idplane/tenancy';
import { AdvisoryLocks } from './advisory-lock';

/** Applied onboarding events in Postgres; serialization per slug through an advisory lock shared by replicas. */
export class PostgresOnboardingEventLog implements OnboardingEventLog {
  private readonly locks: AdvisoryLocks;

  constructor(private readonly dataSource: DataSource) {
    this.locks = new AdvisoryLocks(dataSource);
  }

  async find(source: string, eventId: string): Promise<OnboardingReceipt | null> {
    const rows: { outcome: OnboardingOutcome; tenant_id: string | null }[] = await this.dataSource.query(
      `SELECT outcome, tenant_id FROM onboarding_events WHERE source = $1 AND event_id = $2`,
      [source, eventId],
    );
    return rows[0] ? { outcome: rows[0].outcome, tenantId: rows[0].tenant_id } : null;
  }

  async hasLaterEvent(source: string, slug: string, occurredAt: Date): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM onboarding_events WHERE source = $1 AND tenant_slug = $2 AND occurred_at > $3 LIMIT 1`,
      [source, slug, occurredAt],
    );
    return rows.length > 0;
  }

  async record(source: string, event: OnboardingEvent, receipt: OnboardingReceipt): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO onboarding_events (source, event_id, event_type, tenant_slug, occurred_at, outcome, tenant_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (source, event_id) DO NOTHING`,
      [source, event.id, event.type, event.tenant.slug, event.occurredAt, receipt.outcome, receipt.tenantId],
    );
  }

  serialized<T>(slug: string, fn: () => Promise<T>): Promise<T> {
    return this.locks.withLock(`onboarding:${slug}`, fn);
  }
}
