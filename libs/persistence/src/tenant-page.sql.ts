import { DataSource } from 'typeorm';
import { containsPattern, PageRequest } from '@idplane/tenancy';
import { TenantEntity } from './entities/tenant.entity';

/**
 * The tenants columns of `t`, aliased to TenantEntity's property names. Reads go through plain SQL with this list:
 * TypeORM's query builder and entity hydration cost more CPU than the query itself on a page of tenants.
 */
export const tenantColumns = (dataSource: DataSource): string =>
  dataSource
    .getMetadata(TenantEntity)
    .columns.map((c) => `t.${c.databaseName} AS "${c.propertyName}"`)
    .join(', ');

/**
 * The WHERE, ORDER BY and LIMIT that select a page of tenants `t` (plus one row, which tells whether there is a next
 * page), with their values appended to `params`.
 */
export function tenantPageClauses(page: PageRequest, params: unknown[]): string {
  const where: string[] = [];
  const param = (value: unknown) => `$${params.push(value)}`;
  if (page.after)
    where.push(`(t.created_at, t.id) > (${param(page.after.createdAt)}, ${param(page.after.id)})`);
  const filter = page.filter ?? {};
  if (filter.tenantId !== undefined) where.push(`t.id = ${param(filter.tenantId)}`);
  if (filter.statuses !== undefined) where.push(`t.status = ANY(${param(filter.statuses)}::varchar[])`);
  if (filter.isolationModel !== undefined) where.push(`t.isolation_model = ${param(filter.isolationModel)}`);
  if (filter.search !== undefined) {
    // ILIKE on each column (not on a concatenation) so the trigram indexes on slug and display_name serve it.
    const search = param(containsPattern(filter.search));
    where.push(`(t.slug ILIKE ${search} ESCAPE '\\' OR t.display_name ILIKE ${search} ESCAPE '\\')`);
  }
  return `${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY t.created_at, t.id LIMIT ${param(page.first + 1)}`;
}
