import { FieldIssue, ValidationError } from '@idplane/errors';
import { ISOLATION_MODELS, IsolationModel, TENANT_STATUSES, TenantStatus } from './tenant';

/** Narrows a tenant list. Every field is optional; the given ones combine with AND. */
export interface TenantListFilter {
  statuses?: TenantStatus[];
  isolationModel?: IsolationModel;
  /** Case-insensitive substring of slug or display name, matched literally (no wildcards). */
  search?: string;
  /** Only this tenant: how a tenant admin's list is scoped. */
  tenantId?: string;
}

/** Untrusted filter input, as the API receives it. */
export interface TenantListFilterInput {
  status?: unknown;
  isolationModel?: unknown;
  search?: unknown;
}

/** Longer than any slug (40) or display name (200) a search is useful for, and bounds the LIKE pattern. */
export const MAX_TENANT_SEARCH_LENGTH = 200;

/** Validates a tenant-list filter into its typed form, or throws a ValidationError naming each bad field. */
export function validateTenantListFilter(
  input: TenantListFilterInput | null | undefined,
  path = 'filter',
): TenantListFilter {
  if (input === null || input === undefined) return {};
  const issues: FieldIssue[] = [];
  const filter: TenantListFilter = {};

  if (input.status !== undefined && input.status !== null) {
    if (!Array.isArray(input.status)) {
      issues.push({ field: `${path}.status`, message: 'must be a list of tenant statuses' });
    } else if (input.status.length === 0) {
      // An empty list would silently match nothing; a portal with no status ticked means "any", so say so.
      issues.push({ field: `${path}.status`, message: 'give at least one status, or leave status out' });
    } else {
      input.status.forEach((s, i) => {
        if (!TENANT_STATUSES.includes(s as TenantStatus))
          issues.push({
            field: `${path}.status[${i}]`,
            message: `must be one of ${TENANT_STATUSES.join(', ')}`,
          });
      });
      filter.statuses = [...new Set(input.status as TenantStatus[])];
    }
  }

  if (input.isolationModel !== undefined && input.isolationModel !== null) {
    if (!ISOLATION_MODELS.includes(input.isolationModel as IsolationModel))
      issues.push({
        field: `${path}.isolationModel`,
        message: `must be one of ${ISOLATION_MODELS.join(', ')}`,
      });
    else filter.isolationModel = input.isolationModel as IsolationModel;
  }

  if (input.search !== undefined && input.search !== null) {
    if (typeof input.search !== 'string') {
      issues.push({ field: `${path}.search`, message: 'must be a string' });
    } else {
      const search = input.search.trim();
      if (search.length > MAX_TENANT_SEARCH_LENGTH)
        issues.push({
          field: `${path}.search`,
          message: `must be at most ${MAX_TENANT_SEARCH_LENGTH} characters`,
        });
      // eslint-disable-next-line no-control-regex
      else if (/[\u0000-\u001f\u007f]/.test(search))
        issues.push({ field: `${path}.search`, message: 'must not contain control characters' });
      // A cleared search box sends "": that is no search, not a search for everything.
      else if (search !== '') filter.search = search;
    }
  }

  if (issues.length > 0) throw new ValidationError(issues);
  return filter;
}

/** A LIKE pattern matching `text` as a literal substring: %, _ and the escape character lose their meaning. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
