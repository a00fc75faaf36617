import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { ConflictError, NotFoundError, PreconditionFailedError, isUuid } from '@idplane/errors';
import type {
  HomeRealmRecord,
  HomeRealmStore,
  IdentityProviderDetails,
  IdentityProviderStore,
  IdentityProviderTenant,
  IdentityProviderType,
  IdentityProviderWrite,
  SamlSummary,
  StoredIdentityProvider,
} from '@idplane/federation';
import { lockShardOfSharedTenant } from './shared-pool-shard-lock';
import { bumpGenerationWithIntent } from './spec-change';
import { returnedRows } from './returned-rows';

/** One row of identity_providers, as the pg driver returns it. */
export interface IdentityProviderRow {
  id: string;
  tenant_id: string;
  name: string;
  cognito_provider_name: string;
  type: IdentityProviderType;
  details: IdentityProviderDetails;
  secret_ciphertext: string | null;
  attribute_mapping: Record<string, string>;
  email_domains: string[];
  saml: SamlSummary | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

const UNIQUE_VIOLATION = '23505';

/** An IdP row's columns as the domain names them, but for the secret, which each reading carries its own way. */
export const identityProviderOfRow = (
  r: Omit<IdentityProviderRow, 'secret_ciphertext'>,
): Omit<StoredIdentityProvider, 'hasSecret' | 'secretCiphertext'> => ({
  id: r.id,
  tenantId: r.tenant_id,
  name: r.name,
  cognitoProviderName: r.cognito_provider_name,
  type: r.type,
  details: r.details,
  attributeMapping: r.attribute_mapping,
  emailDomains: r.email_domains,
  saml: r.saml,
  version: r.version,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export const toStoredIdentityProvider = (r: IdentityProviderRow): StoredIdentityProvider => ({
  ...identityProviderOfRow(r),
  hasSecret: r.secret_ciphertext !== null,
  secretCiphertext: r.secret_ciphertext,
});

export interface IdentityProviderStoreOptions {
  /** SHARED_POOL_IDP_LIMIT: IdPs one shared pool takes (Cognito's quota); an insert beyond it is refused. */
  sharedPoolIdentityProviderLimit?: number;
}

/**
 * Identity providers in Postgres. Every change commits together with the tenant's generation bump and a
 * `tenant.reconcile` outbox row; the UPDATE on tenants comes first, so concurrent changes to one tenant queue up
 * (an insert for a SHARED_POOL tenant takes its region's shard lock before that, see refuseBeyondShardLimit).
 * Email domains are also claimed in idp_email_domains, whose UNIQUE(domain) turns a second claim into CONFLICT.
 */
export class PostgresIdentityProviderStore implements IdentityProviderStore, HomeRealmStore {
  private readonly sharedPoolIdentityProviderLimit: number;

  constructor(
    private readonly dataSource: DataSource,
    options: IdentityProviderStoreOptions = {},
  ) {
    this.sharedPoolIdentityProviderLimit = options.sharedPoolIdentityProviderLimit ?? 300;
  }

  async findTenant(tenantId: string): Promise<IdentityProviderTenant | null> {
    if (!isUuid(tenantId)) return null;
    const rows: {
      id: string;
      slug: string;
      isolation_model: IdentityProviderTenant['isolationModel'];
      status: string;
    }[] = await this.dataSource.query(`SELECT id, slug, isolation_model, status FROM tenants WHERE id = $1`, [
      tenantId,
    ]);
    const row = rows[0];
    return row
      ? { id: row.id, slug: row.slug, isolationModel: row.isolation_model, status: row.status }
      : null;
  }

  async list(tenantId: string): Promise<StoredIdentityProvider[]> {
    if (!isUuid(tenantId)) return [];
    const rows: IdentityProviderRow[] = await this.dataSource.query(
      `SELECT * FROM identity_providers WHERE tenant_id = $1 ORDER BY created_at, id`,
      [tenantId],
    );
    return rows.map(toStoredIdentityProvider);
  }

  async find(tenantId: string, id: string): Promise<StoredIdentityProvider | null> {
    if (!isUuid(tenantId) || !isUuid(id)) return null;
    const rows: IdentityProviderRow[] = await this.dataSource.query(
      `SELECT * FROM identity_providers WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    );
    return rows[0] ? toStoredIdentityProvider(rows[0]) : null;
  }

  async findById(id: string): Promise<StoredIdentityProvider | null> {
    if (!isUuid(id)) return null;
    const rows: IdentityProviderRow[] = await this.dataSource.query(
      `SELECT * FROM identity_providers WHERE id = $1`,
      [id],
    );
    return rows[0] ? toStoredIdentityProvider(rows[0]) : null;
  }

  async insert(write: IdentityProviderWrite): Promise<StoredIdentityProvider> {
    return this.conflictsMapped(write, () =>
      this.dataSource.transaction(async (em) => {
        await this.refuseBeyondShardLimit(em, write.tenantId);
        await bumpGenerationWithIntent(em, write.tenantId);
        const [row] = returnedRows<IdentityProviderRow>(
          await em.query(
            `INSERT INTO identity_providers (id, tenant_id, name, cognito_provider_name, pool_key, type, details,
               secret_ciphertext, attribute_mapping, email_domains, saml)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING *`,
            [
              write.id,
              write.tenantId,
              write.name,
              write.cognitoProviderName,
              write.poolKey,
              write.type,
              JSON.stringify(write.details),
              write.secretCiphertext,
              JSON.stringify(write.attributeMapping),
              write.emailDomains,
              write.saml === null ? null : JSON.stringify(write.saml),
            ],
          ),
        );
        await this.claimDomains(em, write);
        return toStoredIdentityProvider(row);
      }),
    );
  }

  async update(write: IdentityProviderWrite, expectedVersion: number): Promise<StoredIdentityProvider> {
    return this.conflictsMapped(write, () =>
      this.dataSource.transaction(async (em) => {
        await bumpGenerationWithIntent(em, write.tenantId);
        const [row] = returnedRows<IdentityProviderRow>(
          await em.query(
            `UPDATE identity_providers SET details = $4, secret_ciphertext = $5, attribute_mapping = $6,
               email_domains = $7, saml = $8, version = version + 1, updated_at = now()
             WHERE tenant_id = $1 AND id = $2 AND version = $3 RETURNING *`,
            [
              write.tenantId,
              write.id,
              expectedVersion,
              JSON.stringify(write.details),
              write.secretCiphertext,
              JSON.stringify(write.attributeMapping),
              write.emailDomains,
              write.saml === null ? null : JSON.stringify(write.saml),
            ],
          ),
        );
        if (row === undefined) await this.explainMissedWrite(em, write.tenantId, write.id, expectedVersion);
        await em.query(`DELETE FROM idp_email_domains WHERE identity_provider_id = $1`, [write.id]);
        await this.claimDomains(em, write);
        return toStoredIdentityProvider(row as IdentityProviderRow);
      }),
    );
  }

  async remove(tenantId: string, id: string, expectedVersion: number): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      await bumpGenerationWithIntent(em, tenantId);
      const deleted = returnedRows<{ id: string }>(
        await em.query(
          `DELETE FROM identity_providers WHERE tenant_id = $1 AND id = $2 AND version = $3 RETURNING id`,
          [tenantId, id, expectedVersion],
        ),
      );
      if (deleted.length === 0) await this.explainMissedWrite(em, tenantId, id, expectedVersion);
    });
  }

  async findHomeRealm(domain: string): Promise<HomeRealmRecord | null> {
    const rows: {
      tenant_id: string;
      slug: string;
      display_name: string;
      status: string;
      suspended: boolean;
      callback_urls: string[];
      cognito_domain: string | null;
      cognito_app_client_id: string | null;
      provider_id: string;
      cognito_provider_name: string;
      type: IdentityProviderType;
    }[] = await this.dataSource.query(
      `SELECT t.id AS tenant_id, t.slug, t.display_name, t.status, t.suspended, t.callback_urls, t.cognito_domain,
              t.cognito_app_client_id, p.id AS provider_id, p.cognito_provider_name, p.type
       FROM idp_email_domains d
       JOIN identity_providers p ON p.id = d.identity_provider_id
       JOIN tenants t ON t.id = d.tenant_id
       WHERE d.domain = $1`,
      [domain],
    );
    const row = rows[0];
    return row
      ? {
          tenant: {
            id: row.tenant_id,
            slug: row.slug,
            displayName: row.display_name,
            status: row.status,
            suspended: row.suspended,
            callbackUrls: row.callback_urls,
            hostedUiDomain: row.cognito_domain,
            appClientId: row.cognito_app_client_id,
          },
          identityProvider: {
            id: row.provider_id,
            cognitoProviderName: row.cognito_provider_name,
            type: row.type,
          },
        }
      : null;
  }

  /**
   * A shared tenant's IdP lives in its shard's pool, which Cognito caps: refused here rather than by a
   * LimitExceededException in the reconcile. Counted under the shard's lock (see lockShardOfSharedTenant).
   */
  private async refuseBeyondShardLimit(em: EntityManager, tenantId: string): Promise<void> {
    const locked = await lockShardOfSharedTenant(em, tenantId);
    if (!locked) return;
    const [shard]: { slug: string; shard: number | null; idps: number | null }[] = await em.query(
      `SELECT t.slug, t.shared_pool_shard AS shard,
              (SELECT count(*)::int FROM identity_providers p JOIN tenants o ON o.id = p.tenant_id
               WHERE o.isolation_model = 'SHARED_POOL' AND o.region = t.region
                 AND o.shared_pool_shard = t.shared_pool_shard AND o.status <> 'DELETED') AS idps
       FROM tenants t WHERE t.id = $1`,
      [tenantId],
    );
    if (shard.shard === null || (shard.idps ?? 0) < this.sharedPoolIdentityProviderLimit) return;
    throw new PreconditionFailedError(
      `tenant ${shard.slug}'s shared pool (shard ${shard.shard} in ${locked.region}) already has ${shard.idps} ` +
        `identity providers, Cognito's limit of ${this.sharedPoolIdentityProviderLimit} per user pool ` +
        `(SHARED_POOL_IDP_LIMIT); remove one, or use a DEDICATED_POOL tenant`,
      'tenantId',
    );
  }

  private async claimDomains(em: EntityManager, write: IdentityProviderWrite): Promise<void> {
    if (write.emailDomains.length === 0) return;
    await em.query(
      `INSERT INTO idp_email_domains (domain, tenant_id, identity_provider_id)
       SELECT unnest($1::text[]), $2, $3`,
      [write.emailDomains, write.tenantId, write.id],
    );
  }

  private async explainMissedWrite(
    em: EntityManager,
    tenantId: string,
    id: string,
    expectedVersion: number,
  ): Promise<never> {
    const rows: { version: number }[] = await em.query(
      `SELECT version FROM identity_providers WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    );
    if (rows[0] === undefined) throw new NotFoundError(`identity provider ${id} does not exist`, 'id');
    throw new ConflictError(
      `identity provider ${id} is at version ${rows[0].version}, not ${expectedVersion}; reload it and retry`,
      'expectedVersion',
    );
  }

  private async conflictsMapped<T>(write: IdentityProviderWrite, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      const driver = error instanceof QueryFailedError ? (error.driverError as PgError) : null;
      if (driver?.code !== UNIQUE_VIOLATION) throw error;
      switch (driver.constraint) {
        case 'idp_email_domains_domain_unique': {
          const domain = /\(domain\)=\(([^)]*)\)/.exec(driver.detail ?? '')?.[1] ?? 'an email domain';
          // Never say which tenant holds it: that would leak another customer's existence.
          throw new ConflictError(
            `the email domain ${domain} is already claimed by another identity provider`,
            `input.emailDomains[${Math.max(0, write.emailDomains.indexOf(domain))}]`,
          );
        }
        case 'identity_providers_tenant_name_unique':
          throw new ConflictError(
            `the tenant already has an identity provider named ${write.name}`,
            'input.name',
          );
        case 'identity_providers_pool_provider_name_unique':
          throw new ConflictError(
            `the Cognito provider name ${write.cognitoProviderName} is already used in this user pool`,
            'input.name',
          );
        default:
          throw error;
      }
    }
  }
}

interface PgError {
  code?: string;
  constraint?: string;
  detail?: string;
}
