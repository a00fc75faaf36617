import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateIdentityProviders1764400000000 implements MigrationInterface {
  name = 'CreateIdentityProviders1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE identity_providers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        name varchar(32) NOT NULL,
        cognito_provider_name varchar(32) NOT NULL,
        pool_key varchar(64) NOT NULL,
        type varchar(20) NOT NULL,
        details jsonb NOT NULL,
        secret_ciphertext text,
        attribute_mapping jsonb NOT NULL DEFAULT '{}'::jsonb,
        email_domains text[] NOT NULL DEFAULT '{}',
        saml jsonb,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT identity_providers_type_check CHECK (type IN
          ('SAML', 'OIDC', 'GOOGLE', 'FACEBOOK', 'LOGIN_WITH_AMAZON', 'SIGN_IN_WITH_APPLE')),
        CONSTRAINT identity_providers_tenant_id_id_unique UNIQUE (tenant_id, id)
      )`);
    await q.query(
      `CREATE UNIQUE INDEX identity_providers_tenant_name_unique ON identity_providers (tenant_id, lower(name))`,
    );
    // Cognito provider names are unique per user pool; every shared tenant has pool_key 'shared'.
    await q.query(
      `CREATE UNIQUE INDEX identity_providers_pool_provider_name_unique
         ON identity_providers (pool_key, lower(cognito_provider_name))`,
    );
    // The lock on a domain for home-realm discovery: the unique index makes a second claim fail even under a race.
    await q.query(`
      CREATE TABLE idp_email_domains (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        domain varchar(253) NOT NULL,
        tenant_id uuid NOT NULL,
        identity_provider_id uuid NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT idp_email_domains_domain_unique UNIQUE (domain),
        CONSTRAINT idp_email_domains_provider_fk FOREIGN KEY (tenant_id, identity_provider_id)
          REFERENCES identity_providers (tenant_id, id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX idp_email_domains_provider_idx ON idp_email_domains (identity_provider_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE idp_email_domains`);
    await q.query(`DROP TABLE identity_providers`);
  }
}
