import DataLoader from 'dataloader';
import type { IdentityProvider, IdentityProviderService } from '@idplane/federation';

const loaders = new WeakMap<object, DataLoader<string, IdentityProvider[]>>();

/** One loader per GraphQL request (keyed by its context), so a page of tenants costs one query, not one each. */
export function identityProvidersLoader(
  context: object,
  service: IdentityProviderService,
): DataLoader<string, IdentityProvider[]> {
  let loader = loaders.get(context);
  if (!loader) {
    loader = new DataLoader((ids: readonly string[]) => service.listIdentityProvidersOfMany(ids));
    loaders.set(context, loader);
  }
  return loader;
}
