/** Root mutation fields the interceptor took charge of, per request (keyed by its GraphQL context). */
const byContext = new WeakMap<object, Set<string>>();

/** The interceptor records this field (by response key), whatever its outcome. */
export function markAudited(context: object, responseKey: string): void {
  const keys = byContext.get(context) ?? new Set<string>();
  keys.add(responseKey);
  byContext.set(context, keys);
}

/** Whether the interceptor recorded this field; if not, the guard refused it before the interceptor ran. */
export function wasAudited(context: object, responseKey: string): boolean {
  return byContext.get(context)?.has(responseKey) ?? false;
}
