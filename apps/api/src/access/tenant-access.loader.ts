import DataLoader from 'dataloader';
import type { AccessService, TenantAccessView } from '@idplane/access';

const loaders = new WeakMap<object, DataLoader<string, TenantAccessView | null>>();

/** One loader per GraphQL request (keyed by its context), so a page of tenants costs one query, not one each. */
export function tenantAccessLoader(
  context: object,
  access: AccessService,
): DataLoader<string, TenantAccessView | null> {
  let loader = loaders.get(context);
  if (!loader) {
    loader = new DataLoader((ids: readonly string[]) => access.getAccessOfMany(ids));
    loaders.set(context, loader);
  }
  return loader;
}
