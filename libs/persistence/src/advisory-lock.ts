import { DataSource } from 'typeorm';

/**
 * Session-level Postgres advisory locks: the cross-worker mutex for "one reconcile per tenant" and for creating
 * shared resources. Held on a dedicated connection for the duration of `fn`; released if the process dies,
 * because the connection goes with it.
 */
export class AdvisoryLocks {
  constructor(private readonly dataSource: DataSource) {}

  /** Runs fn under the lock, or returns { acquired: false } at once when another session holds it. */
  async tryWithLock<T>(
    key: string,
    fn: () => Promise<T>,
  ): Promise<{ acquired: true; value: T } | { acquired: false }> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }] = await runner.query(
        'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked',
        [key],
      );
      if (!locked) return { acquired: false };
      try {
        return { acquired: true, value: await fn() };
      } finally {
        await runner.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [key]);
      }
    } finally {
      await runner.release();
    }
  }

  /** Runs fn under the lock, waiting for it. */
  withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    return this.withLocks([key], fn);
  }

  /**
   * Runs fn under every lock of `keys`, taken in the order given on one connection, waiting for each. Callers that
   * share keys must list them in the same order, or two of them can deadlock.
   */
  async withLocks<T>(keys: readonly string[], fn: () => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    const held: string[] = [];
    try {
      for (const key of keys) {
        await runner.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [key]);
        held.push(key);
      }
      return await fn();
    } finally {
      try {
        for (const key of held.reverse())
          await runner.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [key]);
      } finally {
        await runner.release();
      }
    }
  }
}
