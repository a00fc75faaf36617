import { isUuid } from '@idplane/errors';
import { DataSource } from 'typeorm';
import type { StoredTenantAccess } from '@idplane/access';
import type { ListedIdentityProvider, StoredIdentityProvider } from '@idplane/federation';
import type { ManagedResource, StoredReconcileChildren } from '@idplane/reconciler';
import type { PageRequest, TenantPage } from '@idplane/tenancy';
import { ACCESS_COLUMNS, ACCESS_FROM, AccessRow, toStoredAccess } from './access.repository';
import { TenantEntity } from './entities/tenant.entity';
import {
  identityProviderOfRow,
  IdentityProviderRow,
  toStoredIdentityProvider,
} from './identity-provider.repository';
import { toTenant } from './tenant.mapper';
import { tenantColumns, tenantPageClauses } from './tenant-page.sql';

export interface StoredTenantChildren {
  access: StoredTenantAccess;
  identityProviders: ListedIdentityProvider[];
}

type JsonIdentityProviderRow = Omit<IdentityProviderRow, 'created_at' | 'updated_at'> & {
  created_at: string;
  updated_at: string;
};

type ChildrenRow = AccessRow & {
  identity_providers: JsonIdentityProviderRow[];
  inventory?: ManagedResource[];
};

/** A tenant row with its access row's columns (access_version: the access row's own version) and listed IdPs. */
type PageRow = TenantEntity &
  Pick<ChildrenRow, 'roles' | 'mappings' | 'identity_pool' | 'identity_pool_id' | 'identity_providers'> & {
    access_version: number | null;
  };

/** A page of tenants, each with its children as the API lists them. */
export interface TenantPageWithChildren {
  page: TenantPage;
  children: Map<string, StoredTenantChildren>;
}

const IDENTITY_PROVIDERS_COLUMN = `(SELECT coalesce(json_agg(p ORDER BY p.created_at, p.id), '[]'::json)
   FROM identity_providers p WHERE p.tenant_id = t.id) AS identity_providers`;
/**
 * How much of each IdP a listing reads. `full`: all the API shows. `summary`: the type-specific settings reduced to
 * the type and no SAML metadata summary, for an operation that asks for neither: they are most of a page's cost.
 */
export type IdentityProviderListing = 'full' | 'summary';

/** As listings show them: no sealed secret (only whether there is one) and no SAML metadata document. */
const listedIdentityProvidersColumn = (
  details: string,
  saml: string,
) => `(SELECT coalesce(json_agg(json_build_object(
     'id', p.id, 'tenant_id', p.tenant_id, 'name', p.name, 'cognito_provider_name', p.cognito_provider_name,
     'type', p.type, 'details', ${details}, 'has_secret', p.secret_ciphertext IS NOT NULL,
     'attribute_mapping', p.attribute_mapping, 'email_domains', p.email_domains, 'saml', ${saml},
     'version', p.version, 'created_at', p.created_at, 'updated_at', p.updated_at)
     ORDER BY p.created_at, p.id), '[]'::json)
   FROM identity_providers p WHERE p.tenant_id = t.id) AS identity_providers`;
const LISTED_IDENTITY_PROVIDERS_COLUMNS: Readonly<Record<IdentityProviderListing, string>> = {
  full: listedIdentityProvidersColumn(`p.details - 'metadataXml'`, 'p.saml'),
  summary: listedIdentityProvidersColumn(`jsonb_build_object('type', p.type)`, 'NULL'),
};
const INVENTORY_COLUMN = `(SELECT coalesce(json_agg(json_build_object('kind', m.kind, 'name', m.name,
     'secretFingerprint', m.secret_fingerprint, 'cognitoId', m.cognito_id) ORDER BY m.kind, m.name), '[]'::json)
   FROM managed_cognito_resources m WHERE m.tenant_id = t.id) AS inventory`;

const accessRowOf = (row: PageRow): AccessRow => ({
  id: row.id,
  slug: row.slug,
  isolation_model: row.isolationModel,
  suspended: row.suspended,
  cognito_user_pool_id: row.cognitoUserPoolId,
  cognito_app_client_id: row.cognitoAppClientId,
  roles: row.roles,
  mappings: row.mappings,
  identity_pool: row.identity_pool,
  identity_pool_id: row.identity_pool_id,
  version: row.access_version,
});

const listedIdentityProvidersOf = (row: Pick<ChildrenRow, 'identity_providers'>): ListedIdentityProvider[] =>
  (row.identity_providers as (JsonIdentityProviderRow & { has_secret: boolean })[]).map((p) => ({
    ...identityProviderOfRow({
      ...p,
      created_at: new Date(p.created_at),
      updated_at: new Date(p.updated_at),
    }),
    hasSecret: p.has_secret,
  }));

const identityProvidersOf = (row: ChildrenRow): StoredIdentityProvider[] =>
  row.identity_providers.map((p) =>
    toStoredIdentityProvider({
      ...p,
      created_at: new Date(p.created_at),
      updated_at: new Date(p.updated_at),
    }),
  );

/**
 * The access (roles, mappings) and identity providers of many tenants in one statement: one round trip instead of
 * one per kind, for a page of tenants in the admin API, and with the reconciler's inventory for a reconcile.
 */
export class TenantChildrenReader {
  private readonly selectPage: Readonly<Record<IdentityProviderListing, string>>;

  constructor(private readonly dataSource: DataSource) {
    const select = (listing: IdentityProviderListing) =>
      `SELECT ${tenantColumns(dataSource)}, a.roles, a.mappings, a.identity_pool, a.identity_pool_id,
         a.version AS access_version, ${LISTED_IDENTITY_PROVIDERS_COLUMNS[listing]}`;
    this.selectPage = { full: select('full'), summary: select('summary') };
  }

  /**
   * A page of tenants (as TenantStore.list pages them) with their children, in one statement: half the round trips
   * and statements of the page then its children.
   */
  async loadPage(
    page: PageRequest,
    listing: IdentityProviderListing = 'full',
  ): Promise<TenantPageWithChildren> {
    const params: unknown[] = [];
    const rows: PageRow[] = await this.dataSource.query(
      `${this.selectPage[listing]}
       FROM (SELECT t.* FROM tenants t ${tenantPageClauses(page, params)}) t
       LEFT JOIN tenant_access a ON a.tenant_id = t.id
       ORDER BY t.created_at, t.id`,
      params,
    );
    const listed = rows.slice(0, page.first);
    return {
      page: { tenants: listed.map(toTenant), hasNextPage: rows.length > page.first },
      children: new Map(
        listed.map((row) => [
          row.id,
          { access: toStoredAccess(accessRowOf(row)), identityProviders: listedIdentityProvidersOf(row) },
        ]),
      ),
    };
  }

  async load(
    tenantIds: readonly string[],
    listing: IdentityProviderListing = 'full',
  ): Promise<Map<string, StoredTenantChildren>> {
    const rows = await this.select(tenantIds, LISTED_IDENTITY_PROVIDERS_COLUMNS[listing]);
    return new Map(
      rows.map((row) => [
        row.id,
        { access: toStoredAccess(row), identityProviders: listedIdentityProvidersOf(row) },
      ]),
    );
  }

  async loadForReconcile(tenantIds: readonly string[]): Promise<Map<string, StoredReconcileChildren>> {
    const rows = await this.select(tenantIds, `${IDENTITY_PROVIDERS_COLUMN}, ${INVENTORY_COLUMN}`);
    return new Map(
      rows.map((row) => [
        row.id,
        {
          access: toStoredAccess(row),
          identityProviders: identityProvidersOf(row),
          inventory: row.inventory ?? [],
        },
      ]),
    );
  }

  private async select(tenantIds: readonly string[], childColumns: string): Promise<ChildrenRow[]> {
    const ids = tenantIds.filter((id) => isUuid(id));
    if (ids.length === 0) return [];
    return this.dataSource.query(
      `SELECT ${ACCESS_COLUMNS}, ${childColumns} ${ACCESS_FROM} WHERE t.id = ANY($1::uuid[])`,
      [ids],
    );
  }
}
