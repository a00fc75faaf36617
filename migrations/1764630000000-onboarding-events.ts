import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Onboarding webhook events that were applied, per sender: a redelivery (same source, event id and body) gets the
 * first answer, and an event older than one already applied to its tenant is skipped.
 */
export class OnboardingEvents1764630000000 implements MigrationInterface {
  name = 'OnboardingEvents1764630000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE onboarding_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        source text NOT NULL,
        event_id text NOT NULL,
        event_type text NOT NULL,
        tenant_slug text NOT NULL,
        occurred_at timestamptz(3) NOT NULL,
        outcome text NOT NULL,
        tenant_id uuid,
        body_sha256 text NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT onboarding_events_source_event_uq UNIQUE (source, event_id)
      )`);
    await q.query(
      `CREATE INDEX onboarding_events_latest_idx ON onboarding_events (source, tenant_slug, occurred_at)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE onboarding_events`);
  }
}
