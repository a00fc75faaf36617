import type { AccessScope, Actor } from '@idplane/admin-auth';

/** Per-request auth state, kept on the GraphQL context. */
export interface RequestAuth {
  actor?: Promise<Actor>;
  /** The scope each root field was granted, by response key (alias or field name). */
  scopes: Map<string, AccessScope>;
}

export interface GraphQLRequestContext {
  req: { headers: Record<string, string | string[] | undefined> };
  auth?: RequestAuth;
}
