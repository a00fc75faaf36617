import type { ApolloServerPlugin } from '@apollo/server';
import { ASTVisitor, DocumentNode, GraphQLError, Kind, SelectionSetNode, ValidationContext } from 'graphql';
import { ComplexityEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';

/** A validation rule refusing operations nested deeper than maxDepth fields (fragments are followed). */
export function depthLimitRule(maxDepth: number) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map(
      context
        .getDocument()
        .definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION)
        .map((d) => [d.name.value, d]),
    );
    const depthOf = (set: SelectionSetNode | undefined, depth: number, seen: Set<string>): number => {
      if (!set) return depth;
      let deepest = depth;
      for (const selection of set.selections) {
        if (selection.kind === Kind.FIELD) {
          if (selection.name.value.startsWith('__')) continue;
          deepest = Math.max(deepest, depthOf(selection.selectionSet, depth + 1, seen));
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          deepest = Math.max(deepest, depthOf(selection.selectionSet, depth, seen));
        } else if (!seen.has(selection.name.value)) {
          const fragment = fragments.get(selection.name.value);
          deepest = Math.max(
            deepest,
            depthOf(fragment?.selectionSet, depth, new Set([...seen, selection.name.value])),
          );
        }
      }
      return deepest;
    };
    return {
      OperationDefinition(node) {
        const depth = depthOf(node.selectionSet, 0, new Set());
        if (depth > maxDepth) {
          context.reportError(
            new GraphQLError(`the operation is ${depth} levels deep; the limit is ${maxDepth}`, {
              nodes: [node],
            }),
          );
        }
      },
    };
  };
}

/** Lists multiply the cost of what they contain by the page size they ask for. */
const pageSizeEstimator: ComplexityEstimator = ({ args, childComplexity }) => {
  const first = typeof args.first === 'number' ? args.first : undefined;
  return first === undefined ? undefined : 1 + childComplexity * first;
};

/** At most this many remembered costs in all: the cache is filled before authentication, by anyone. */
const MAX_REMEMBERED_COSTS = 1_000;
/** Operations whose variables serialize longer than this are costed each time, never remembered. */
const MAX_REMEMBERED_VARIABLES_LENGTH = 512;

/** Refuses operations whose estimated cost is above the limit, before any resolver runs. */
export function complexityLimitPlugin(maxComplexity: number): ApolloServerPlugin {
  // Apollo reuses one parsed document per query text; a number per document keys the bounded cost cache below.
  const documentIds = new WeakMap<DocumentNode, number>();
  const costs = new Map<string, number>();
  let nextDocumentId = 0;
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema }) {
          const variables = JSON.stringify(request.variables ?? {});
          let documentId = documentIds.get(document);
          if (documentId === undefined) documentIds.set(document, (documentId = nextDocumentId++));
          const key =
            variables.length <= MAX_REMEMBERED_VARIABLES_LENGTH
              ? `${documentId}\n${request.operationName ?? ''}\n${variables}`
              : null;
          let complexity = key === null ? undefined : costs.get(key);
          if (complexity === undefined) {
            try {
              complexity = getComplexity({
                schema,
                query: document,
                operationName: request.operationName,
                variables: request.variables,
                estimators: [pageSizeEstimator, simpleEstimator({ defaultComplexity: 1 })],
              });
            } catch {
              // Variables that don't coerce: execution refuses them with BAD_USER_INPUT before any resolver runs.
              return;
            }
            if (key !== null) {
              // Oldest first out: Map keeps insertion order.
              if (costs.size >= MAX_REMEMBERED_COSTS) costs.delete(costs.keys().next().value!);
              costs.set(key, complexity);
            }
          }
          if (complexity > maxComplexity) {
            throw new GraphQLError(`the operation costs ${complexity}; the limit is ${maxComplexity}`, {
              extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
            });
          }
        },
      };
    },
  };
}
