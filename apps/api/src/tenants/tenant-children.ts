import DataLoader from 'dataloader';
import type { FieldNode, GraphQLResolveInfo, SelectionSetNode } from 'graphql';
import { tenantAccessView, TenantAccessView } from '@idplane/access';
import type { ListedIdentityProvider } from '@idplane/federation';
import type { StoredTenantChildren, TenantChildrenReader } from '@idplane/persistence';
import type { PageRequest, TenantPage } from '@idplane/tenancy';
import { identityProviderListingOfRequest } from '../identity-providers/identity-provider-listing';

/** A tenant's roles, mappings, identity pool and IdPs, as the API shows them. */
export interface TenantChildren {
  access: TenantAccessView;
  identityProviders: ListedIdentityProvider[];
}

/** Tenant fields answered from the children. */
const CHILD_FIELDS = new Set(['roles', 'roleMappings', 'identityPool', 'identityProviders']);

interface RequestChildren {
  /** Every tenant read so far in this request; null for one that doesn't exist. */
  known: Map<string, TenantChildren | null>;
  loader: DataLoader<string, TenantChildren | null>;
}

const byRequest = new WeakMap<object, RequestChildren>();

const childrenView = (stored: StoredTenantChildren): TenantChildren => ({
  access: tenantAccessView(stored.access),
  identityProviders: stored.identityProviders,
});

/** One cache and loader per GraphQL request (keyed by its context): one statement per batch of tenants. */
function forRequest(context: object, reader: TenantChildrenReader): RequestChildren {
  let request = byRequest.get(context);
  if (!request) {
    const known = new Map<string, TenantChildren | null>();
    const listing = identityProviderListingOfRequest(context);
    const loader = new DataLoader(async (ids: readonly string[]) => {
      const loaded = await reader.load(ids, listing);
      return ids.map((id) => {
        const stored = loaded.get(id);
        const children = stored ? childrenView(stored) : null;
        known.set(id, children);
        return children;
      });
    });
    request = { known, loader };
    byRequest.set(context, request);
  }
  return request;
}

/**
 * A tenant's children: from memory, synchronously, once its page read them (a promise per tenant costs more than the
 * field itself), else batched with the other tenants this request asks about.
 */
export function tenantChildren(
  context: object,
  reader: TenantChildrenReader,
  tenantId: string,
): TenantChildren | null | Promise<TenantChildren | null> {
  const request = forRequest(context, reader);
  return request.known.has(tenantId) ? request.known.get(tenantId)! : request.loader.load(tenantId);
}

/** A page of tenants read together with their children, in one statement, before their fields ask. */
export async function listTenantsWithChildren(
  context: object,
  reader: TenantChildrenReader,
  request: PageRequest,
): Promise<TenantPage> {
  const listing = identityProviderListingOfRequest(context);
  const { page, children } = await reader.loadPage(request, listing);
  const { known } = forRequest(context, reader);
  for (const [id, stored] of children) known.set(id, childrenView(stored));
  return page;
}

/** Whether the operation asks for any child field anywhere below this field (fragments included). */
export function selectsTenantChildren(info: GraphQLResolveInfo): boolean {
  const seen = new Set<string>();
  const visit = (set: SelectionSetNode | undefined): boolean =>
    (set?.selections ?? []).some((s) => {
      if (s.kind === 'Field') return CHILD_FIELDS.has(s.name.value) || visit(s.selectionSet);
      if (s.kind === 'InlineFragment') return visit(s.selectionSet);
      if (seen.has(s.name.value)) return false;
      seen.add(s.name.value);
      return visit(info.fragments[s.name.value]?.selectionSet);
    });
  return info.fieldNodes.some((node: FieldNode) => visit(node.selectionSet));
}

/** Applies `view` to a child answer, keeping it synchronous when it is. */
export function mapChildren<T>(
  children: TenantChildren | null | Promise<TenantChildren | null>,
  view: (children: TenantChildren | null) => T,
): T | Promise<T> {
  return children instanceof Promise ? children.then(view) : view(children);
}
