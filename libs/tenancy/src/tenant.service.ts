import { NotFoundError, ValidationError } from '@idplane/errors';
import { Tenant } from './tenant';
import { decodeTenantCursor } from './tenant-cursor';
import { validateCreateTenantInput, CreateTenantInput } from './tenant-spec.validator';
import { TenantPage, TenantStore } from './tenant-store';

export const MAX_PAGE_SIZE = 100;

/** Application service for tenants: validates at the edge, then writes desired state. Never calls Cognito. */
export class TenantService {
  constructor(private readonly store: TenantStore) {}

  createTenant(input: CreateTenantInput): Promise<Tenant> {
    return this.store.createWithReconcileIntent(validateCreateTenantInput(input));
  }

  async getTenant(id: string): Promise<Tenant> {
    const tenant = /^[0-9a-f-]{36}$/i.test(id) ? await this.store.findById(id) : null;
    if (!tenant) throw new NotFoundError(`tenant ${id} does not exist`, 'id');
    return tenant;
  }

  async getTenantBySlug(slug: string): Promise<Tenant> {
    const tenant = await this.store.findBySlug(slug);
    if (!tenant) throw new NotFoundError(`tenant with slug ${slug} does not exist`, 'slug');
    return tenant;
  }

  listTenants(first: number, after?: string): Promise<TenantPage> {
    if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
      throw new ValidationError([{ field: 'first', message: `must be between 1 and ${MAX_PAGE_SIZE}` }]);
    }
    return this.store.list({ first, after: after ? decodeTenantCursor(after) : undefined });
  }
}
