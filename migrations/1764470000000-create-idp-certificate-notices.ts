import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateIdpCertificateNotices1764470000000 implements MigrationInterface {
  name = 'CreateIdpCertificateNotices1764470000000';

  async up(q: QueryRunner): Promise<void> {
    // One row per IdP certificate and threshold that got its lifecycle event: the unique key is what makes the
    // certificate monitor announce each of them once, however often and on however many workers it runs.
    await q.query(`
      CREATE TABLE idp_certificate_notices (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL,
        identity_provider_id uuid NOT NULL,
        fingerprint_sha256 varchar(128) NOT NULL,
        threshold varchar(16) NOT NULL,
        not_after timestamptz(3) NOT NULL,
        outbox_message_id uuid NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT idp_certificate_notices_threshold_check CHECK (threshold IN ('expiring', 'expired')),
        CONSTRAINT idp_certificate_notices_unique UNIQUE (identity_provider_id, fingerprint_sha256, threshold),
        CONSTRAINT idp_certificate_notices_provider_fk FOREIGN KEY (tenant_id, identity_provider_id)
          REFERENCES identity_providers (tenant_id, id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX idp_certificate_notices_tenant_idx ON idp_certificate_notices (tenant_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE idp_certificate_notices`);
  }
}
