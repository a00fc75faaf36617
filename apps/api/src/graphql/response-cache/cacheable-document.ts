import { BREAK, DocumentNode, GraphQLSchema, TypeInfo, visit, visitWithTypeInfo } from 'graphql';
import { CACHED_FIELDS } from './cached-fields';

const cachedFields = new Map(Object.entries(CACHED_FIELDS).map(([type, fields]) => [type, new Set(fields)]));
const byDocument = new WeakMap<DocumentNode, boolean>();

/**
 * Whether a document's answers may come from the response cache: it holds only queries, and every field it selects
 * anywhere (other operations and unused fragments included, to stay simple) is in CACHED_FIELDS. Decided once per
 * parsed document, which Apollo keeps and reuses for the same text.
 */
export function isCacheableDocument(schema: GraphQLSchema, document: DocumentNode): boolean {
  let cacheable = byDocument.get(document);
  if (cacheable === undefined) {
    cacheable = true;
    const typeInfo = new TypeInfo(schema);
    visit(
      document,
      visitWithTypeInfo(typeInfo, {
        OperationDefinition(node) {
          if (node.operation === 'query') return undefined;
          cacheable = false;
          return BREAK;
        },
        Field(node) {
          if (node.name.value === '__typename') return undefined;
          const parent = typeInfo.getParentType();
          if (parent && cachedFields.get(parent.name)?.has(node.name.value)) return undefined;
          cacheable = false;
          return BREAK;
        },
      }),
    );
    byDocument.set(document, cacheable);
  }
  return cacheable;
}
