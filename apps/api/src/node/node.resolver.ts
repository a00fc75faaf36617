import { Inject } from '@nestjs/common';
import { Args, Context, ID, Query, Resolver } from '@nestjs/graphql';
import { NotFoundError } from '@idplane/errors';
import { asNode, Node } from '../graphql/node.interface';
import { NodeLookup } from './node-lookup';

@Resolver(() => Node)
export class NodeResolver {
  constructor(@Inject(NodeLookup) private readonly nodes: NodeLookup) {}

  // Who may see the object was settled by the guard (Query.node's policy asks NodeLookup for its tenant).
  @Query(() => Node, {
    description:
      'Any object by its id (Relay): a Tenant, IdentityProvider, ReconcileRun or AuditEvent. NOT_FOUND when ' +
      'there is none, or it is not yours.',
  })
  async node(
    @Args('id', { type: () => ID, description: 'The object id.' }) id: string,
    @Context() context: object,
  ): Promise<Node> {
    const found = await this.nodes.findForRequest(context, id);
    if (!found) throw new NotFoundError(`no object has the id ${id}`, 'id');
    return asNode(found.node, found.type);
  }
}
