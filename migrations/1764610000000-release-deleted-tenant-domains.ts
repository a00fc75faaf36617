import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A DELETED tenant no longer claims its IdPs' email domains (the reconciler now releases them when it records the
 * deletion); this releases the claims of tenants deleted before that, so another tenant can take those domains.
 */
export class ReleaseDeletedTenantDomains1764610000000 implements MigrationInterface {
  name = 'ReleaseDeletedTenantDomains1764610000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DELETE FROM idp_email_domains d USING tenants t WHERE t.id = d.tenant_id AND t.status = 'DELETED'`);
  }

  async down(): Promise<void> {
    // Released claims are not restored: another tenant may hold the domain by now.
  }
}
