import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Unpublished outbox rows by topic: lifecycle events (certificate expiry, drift) wait there for webhook delivery,
 * and the relay, which reads only `tenant.reconcile`, must not scan past them on every poll.
 */
export class OutboxUnpublishedByTopic1764620000000 implements MigrationInterface {
  name = 'OutboxUnpublishedByTopic1764620000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX outbox_messages_unpublished_topic_idx ON outbox_messages (topic, created_at, id)
       WHERE published_at IS NULL`,
    );
    await q.query(`DROP INDEX outbox_messages_unpublished_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX outbox_messages_unpublished_idx ON outbox_messages (created_at) WHERE published_at IS NULL`,
    );
    await q.query(`DROP INDEX outbox_messages_unpublished_topic_idx`);
  }
}
