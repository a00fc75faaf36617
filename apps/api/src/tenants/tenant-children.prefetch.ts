import type { FieldNode, GraphQLResolveInfo, SelectionSetNode } from 'graphql';
import { tenantAccessView, TenantAccessView } from '@idplane/access';
import { IdentityProvider, withoutSecret } from '@idplane/federation';
import type { TenantChildrenReader } from '@idplane/persistence';

/** A tenant's roles, mappings and IdPs, read together with the rest of its page. */
export interface PrefetchedTenantChildren {
  access: TenantAccessView;
  identityProviders: IdentityProvider[];
}

/** Tenant fields whose data the prefetch reads. */
const CHILD_FIELDS = new Set(['roles', 'roleMappings', 'identityProviders']);

const prefetched = new WeakMap<object, Map<string, PrefetchedTenantChildren>>();

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

/**
 * Reads the children of a page of tenants in one statement and keeps them for this request (keyed by its context),
 * so that the child field resolvers answer from memory, synchronously, instead of one batched query per kind.
 */
export async function prefetchTenantChildren(
  context: object,
  reader: TenantChildrenReader,
  tenantIds: readonly string[],
): Promise<void> {
  const loaded = await reader.load(tenantIds);
  let forRequest = prefetched.get(context);
  if (!forRequest) prefetched.set(context, (forRequest = new Map()));
  for (const [id, children] of loaded)
    forRequest.set(id, {
      access: tenantAccessView(children.access),
      identityProviders: children.identityProviders.map(withoutSecret),
    });
}

/** The prefetched children of a tenant in this request, if its page prefetched them. */
export function prefetchedTenantChildren(
  context: object,
  tenantId: string,
): PrefetchedTenantChildren | undefined {
  return prefetched.get(context)?.get(tenantId);
}
