import { Field, ID, InterfaceType } from '@nestjs/graphql';

/** The object types that implement Node, as `node(id)` can answer them. */
export type NodeTypeName = 'Tenant' | 'AuditEvent' | 'IdentityProvider' | 'ReconcileRun';

// The domain objects a Node resolves to carry no type tag, and several look alike (ids, createdAt, version): the
// lookup that found one records which type it is, rather than guessing from its fields.
const nodeTypes = new WeakMap<object, NodeTypeName>();

/** Marks a value returned for a Node field as being of the given object type. */
export function asNode<T extends object>(value: T, type: NodeTypeName): T {
  nodeTypes.set(value, type);
  return value;
}

/** Relay's Node: anything the portal can fetch again by id alone, through `node(id)`. */
@InterfaceType('Node', {
  description: 'An object with a stable id that `node(id)` can fetch.',
  resolveType: (value: object) => nodeTypes.get(value),
})
export abstract class Node {
  @Field(() => ID, { description: 'Stable, globally unique identifier (UUID).' })
  id!: string;
}
