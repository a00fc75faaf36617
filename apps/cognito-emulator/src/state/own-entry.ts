/**
 * Record access by caller-chosen keys (group names, usernames, regions): only own properties count, so names like
 * `constructor` or `__proto__` neither find Object.prototype members nor replace a record's prototype.
 */
export function getOwn<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

export function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}
