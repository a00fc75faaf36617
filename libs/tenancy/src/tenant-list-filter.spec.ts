import { ValidationError } from '@idplane/errors';
import { containsPattern, validateTenantListFilter } from './tenant-list-filter';

const issuesOf = (input: Parameters<typeof validateTenantListFilter>[0]) => {
  try {
    validateTenantListFilter(input);
  } catch (error) {
    if (error instanceof ValidationError) return error.issues.map((i) => i.field);
    throw error;
  }
  return [];
};

describe('validateTenantListFilter', () => {
  it('accepts an absent filter and each field alone or together', () => {
    expect(validateTenantListFilter(undefined)).toEqual({});
    expect(validateTenantListFilter(null)).toEqual({});
    expect(
      validateTenantListFilter({
        status: ['ACTIVE', 'DEGRADED', 'ACTIVE'],
        isolationModel: 'SHARED_POOL',
        search: '  Acme ',
      }),
    ).toEqual({ statuses: ['ACTIVE', 'DEGRADED'], isolationModel: 'SHARED_POOL', search: 'Acme' });
  });

  it('treats a blank search as no search', () => {
    expect(validateTenantListFilter({ search: '   ' })).toEqual({});
  });

  it('names every bad field with its path', () => {
    expect(
      issuesOf({ status: ['ACTIVE', 'NOPE'], isolationModel: 'POOLED', search: 'x'.repeat(201) }),
    ).toEqual(['filter.status[1]', 'filter.isolationModel', 'filter.search']);
    expect(issuesOf({ status: [] })).toEqual(['filter.status']);
    expect(issuesOf({ status: 'ACTIVE' })).toEqual(['filter.status']);
    expect(issuesOf({ search: 'a\u0000b' })).toEqual(['filter.search']);
  });
});

describe('containsPattern', () => {
  it('escapes LIKE wildcards and the escape character', () => {
    expect(containsPattern('50%_off\\now')).toBe('%50\\%\\_off\\\\now%');
  });
});
