import DataLoader from 'dataloader';
import type { ReconcileRunFilter, ReconcileRunPage, ReconcileRunStore } from '@idplane/tenancy';

type RunPageRequest = { first: number; after?: { createdAt: Date; id: string }; filter?: ReconcileRunFilter };

const loaders = new WeakMap<object, Map<string, DataLoader<string, ReconcileRunPage>>>();

/**
 * One loader per GraphQL request and page request (first, after, filter), so that `reconcileRuns` on a page of tenants
 * costs one query, not one per tenant. The arguments are the same for every tenant of a list in practice.
 */
export function reconcileRunsLoader(
  context: object,
  runs: ReconcileRunStore,
  page: RunPageRequest,
): DataLoader<string, ReconcileRunPage> {
  let byPage = loaders.get(context);
  if (!byPage) {
    byPage = new Map();
    loaders.set(context, byPage);
  }
  const key = JSON.stringify([
    page.first,
    page.after?.createdAt.toISOString() ?? null,
    page.after?.id ?? null,
    page.filter ?? null,
  ]);
  let loader = byPage.get(key);
  if (!loader) {
    loader = new DataLoader((tenantIds: readonly string[]) => runs.listForTenants(tenantIds, page));
    byPage.set(key, loader);
  }
  return loader;
}
