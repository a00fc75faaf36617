/** An edge whose cursor is encoded only when asked for: a page of 50 rarely asks for every one. */
class Edge<T> {
  private encoded?: string;

  constructor(
    readonly node: T,
    private readonly cursorOf: (node: T) => string,
  ) {}

  get cursor(): string {
    return (this.encoded ??= this.cursorOf(this.node));
  }
}

/** Builds a Relay connection page from a keyset page of nodes. */
export function toConnection<T>(
  nodes: T[],
  cursorOf: (node: T) => string,
  hasNextPage: boolean,
  after: string | undefined,
): {
  edges: { readonly cursor: string; readonly node: T }[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
} {
  const edges = nodes.map((node) => new Edge(node, cursorOf));
  return {
    edges,
    pageInfo: {
      hasNextPage,
      hasPreviousPage: Boolean(after),
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
