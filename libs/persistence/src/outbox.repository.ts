import { DataSource } from 'typeorm';
import { deleteInBatches } from './delete-in-batches';

export interface PendingOutboxMessage {
  id: string;
  topic: string;
  aggregateId: string;
  payload: Record<string, unknown>;
  createdAt: Date;
}

/** Reads and settles outbox rows. Rows are claimed with SKIP LOCKED, so several relays never publish the same batch. */
export class OutboxRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Hands up to `limit` unpublished messages of `topics` to `publish` and marks them published in the same
   * transaction. If publish throws, nothing is marked and the rows are retried on the next pass (at-least-once).
   * Other topics stay unpublished for their own consumer (lifecycle events wait for webhook delivery).
   */
  async publishPending(
    limit: number,
    publish: (messages: PendingOutboxMessage[]) => Promise<void>,
    topics: readonly string[],
  ): Promise<number> {
    return this.dataSource.transaction(async (em) => {
      const rows: {
        id: string;
        topic: string;
        aggregate_id: string;
        payload: Record<string, unknown>;
        created_at: Date;
      }[] = await em.query(
        `SELECT id, topic, aggregate_id, payload, created_at FROM outbox_messages
           WHERE published_at IS NULL AND topic = ANY($2::varchar[])
           ORDER BY created_at, id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit, topics],
      );
      if (rows.length === 0) return 0;
      await publish(
        rows.map((r) => ({
          id: r.id,
          topic: r.topic,
          aggregateId: r.aggregate_id,
          payload: r.payload,
          createdAt: r.created_at,
        })),
      );
      await em.query(
        `UPDATE outbox_messages SET published_at = now(), updated_at = now() WHERE id = ANY($1::uuid[])`,
        [rows.map((r) => r.id)],
      );
      return rows.length;
    });
  }

  /**
   * Deletes unpublished messages of `topics` older than the retention: lifecycle events kept while no subscriber was
   * configured, which nobody will ask for now.
   */
  pruneUnpublished(topics: readonly string[], olderThanMs: number): Promise<number> {
    return deleteInBatches(
      this.dataSource,
      'outbox_messages',
      `published_at IS NULL AND topic = ANY($2::varchar[])
       AND created_at < now() - ($3::double precision * interval '1 millisecond')`,
      [topics, olderThanMs],
    );
  }

  /** Deletes published messages older than the retention, so the table stays small. */
  prunePublished(olderThanMs: number): Promise<number> {
    return deleteInBatches(
      this.dataSource,
      'outbox_messages',
      `published_at < now() - ($2::double precision * interval '1 millisecond')`,
      [olderThanMs],
    );
  }
}
