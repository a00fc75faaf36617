import { Field, ID, InterfaceType } from '@nestjs/graphql';

/** Relay's Node: anything the portal can fetch again by id alone, through `node(id)`. */
@InterfaceType('Node', {
  description: 'An object with a stable id that `node(id)` can fetch.',
  resolveType: (value: { occurredAt?: unknown }) =>
    value.occurredAt !== undefined ? 'AuditEvent' : 'Tenant',
})
export abstract class Node {
  @Field(() => ID, { description: 'Stable, globally unique identifier (UUID).' })
  id!: string;
}
