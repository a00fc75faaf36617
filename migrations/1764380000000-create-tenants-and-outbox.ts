import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateTenantsAndOutbox1764380000000 implements MigrationInterface {
  name = 'CreateTenantsAndOutbox1764380000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE tenants (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug varchar(40) NOT NULL,
        display_name varchar(200) NOT NULL,
        isolation_model varchar(20) NOT NULL,
        status varchar(20) NOT NULL DEFAULT 'PENDING',
        generation integer NOT NULL DEFAULT 1,
        observed_generation integer NOT NULL DEFAULT 0,
        conditions jsonb NOT NULL DEFAULT '[]'::jsonb,
        version integer NOT NULL DEFAULT 1,
        cognito_user_pool_id varchar(64),
        cognito_app_client_id varchar(128),
        cognito_issuer varchar(512),
        cognito_domain varchar(255),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT tenants_slug_unique UNIQUE (slug),
        CONSTRAINT tenants_slug_format CHECK (slug ~ '^[a-z][a-z0-9-]{2,39}$'),
        CONSTRAINT tenants_isolation_model_check CHECK (isolation_model IN ('SHARED_POOL', 'DEDICATED_POOL')),
        CONSTRAINT tenants_status_check CHECK (status IN
          ('PENDING', 'PROVISIONING', 'ACTIVE', 'DEGRADED', 'SUSPENDED', 'DELETING', 'DELETED', 'FAILED')),
        CONSTRAINT tenants_generation_check CHECK (observed_generation <= generation)
      )`);
    await q.query(`CREATE INDEX tenants_created_at_id_idx ON tenants (created_at, id)`);
    await q.query(`
      CREATE TABLE outbox_messages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        topic varchar(100) NOT NULL,
        aggregate_id uuid NOT NULL,
        payload jsonb NOT NULL,
        published_at timestamptz,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX outbox_messages_unpublished_idx ON outbox_messages (created_at) WHERE published_at IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE outbox_messages`);
    await q.query(`DROP TABLE tenants`);
  }
}
