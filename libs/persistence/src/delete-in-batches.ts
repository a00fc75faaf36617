import type { DataSource } from 'typeorm';

const BATCH = 5_000;

/**
 * Deletes the rows of `table` matching `where` (its parameters start at $2), BATCH at a time, so that a first prune of
 * a long history is never one huge statement. Returns how many went.
 */
export async function deleteInBatches(
  dataSource: DataSource,
  table: string,
  where: string,
  params: unknown[],
): Promise<number> {
  let total = 0;
  for (;;) {
    const result: [unknown[], number] = await dataSource.query(
      `DELETE FROM ${table} WHERE id IN (SELECT id FROM ${table} WHERE ${where} LIMIT $1)`,
      [BATCH, ...params],
    );
    total += result[1];
    if (result[1] < BATCH) return total;
  }
}
