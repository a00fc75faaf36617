import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateAuditEvents1764410000000 implements MigrationInterface {
  name = 'CreateAuditEvents1764410000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        occurred_at timestamptz(3) NOT NULL DEFAULT now(),
        actor varchar(200) NOT NULL,
        source varchar(20) NOT NULL CHECK (source IN ('graphql', 'webhook')),
        action varchar(100) NOT NULL,
        tenant_id uuid,
        request_id varchar(64),
        outcome varchar(10) NOT NULL CHECK (outcome IN ('success', 'failure')),
        error_code varchar(40),
        before jsonb,
        after jsonb,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    // No foreign key to tenants: the trail must outlive the tenants it mentions.
    await q.query(`CREATE INDEX audit_events_order_idx ON audit_events (occurred_at, id)`);
    await q.query(`CREATE INDEX audit_events_tenant_idx ON audit_events (tenant_id, occurred_at, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_events`);
  }
}
