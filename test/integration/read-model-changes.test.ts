import { createServer, Server } from 'node:net';
import { ReadModelChanges } from '@idplane/persistence';
import { eventually } from '../support/processes';
import { createTestDatabase, TestDatabase } from '../support/test-database';

/** Polls until `done` holds; fails after 10 s. */
const until = (done: () => boolean, what: string) =>
  eventually(async () => done() || undefined, 10_000, what);

describe('ReadModelChanges: a generation that moves on at every committed change to the tenant read model', () => {
  let db: TestDatabase;
  let changes: ReadModelChanges;
  let tenantId: string;
  const notify = (channel: string, payload: string) =>
    db.dataSource.query('SELECT pg_notify($1, $2)', [channel, payload]);

  beforeAll(async () => {
    db = await createTestDatabase('read_model_changes');
    [{ id: tenantId }] = await db.dataSource.query(
      `INSERT INTO tenants (slug, display_name, isolation_model) VALUES ('read-model', 'Read model', 'SHARED_POOL') RETURNING id`,
    );
    changes = new ReadModelChanges(db.url, notify, { reconnectMs: 50, heartbeatMs: 100 });
    await changes.start();
  });

  afterAll(async () => {
    await changes?.stop();
    await db?.drop();
  });

  const moves = async (write: () => Promise<unknown>, what: string) => {
    const before = changes.current();
    expect(before).not.toBeNull();
    await write();
    await until(() => changes.current() !== before, what);
  };

  it('moves on when a transaction that wrote tenants, identity providers or access rows commits', async () => {
    await moves(
      () => db.dataSource.query(`UPDATE tenants SET display_name = 'Other' WHERE id = $1`, [tenantId]),
      'tenants',
    );
    await moves(
      () =>
        db.dataSource.query(
          `INSERT INTO tenant_access (tenant_id, roles, mappings) VALUES ($1, '[]', '{"rules": []}')
           ON CONFLICT (tenant_id) DO UPDATE SET roles = '[]'`,
          [tenantId],
        ),
      'tenant_access',
    );
    await moves(
      () =>
        db.dataSource.query(
          `INSERT INTO identity_providers (tenant_id, name, cognito_provider_name, pool_key, type, details)
           VALUES ($1, 'okta', 'read-model.okta', 'shared', 'OIDC', '{}')`,
          [tenantId],
        ),
      'an IdP added',
    );
    await moves(
      () => db.dataSource.query(`DELETE FROM identity_providers WHERE tenant_id = $1`, [tenantId]),
      'removed',
    );
  });

  it('does not move on for a transaction that rolls back, a write that changes nothing, nor other tables', async () => {
    await moves(
      () => db.dataSource.query(`UPDATE tenants SET display_name = 'Settle' WHERE id = $1`, [tenantId]),
      'settle',
    );
    const before = changes.current();
    await db.dataSource
      .transaction(async (m) => {
        await m.query(`UPDATE tenants SET display_name = 'Never' WHERE id = $1`, [tenantId]);
        throw new Error('roll back');
      })
      .catch(() => undefined);
    await db.dataSource.query(`DELETE FROM outbox_messages WHERE false`);
    await db.dataSource.query(
      `UPDATE tenants SET display_name = display_name, updated_at = now() WHERE id = $1`,
      [tenantId],
    );
    await db.dataSource.query(`DELETE FROM identity_providers WHERE tenant_id = $1`, [tenantId]);
    // Notifications arrive in commit order: had either of those notified, it would come before this one's.
    await db.dataSource.query(`UPDATE tenants SET display_name = 'Last' WHERE id = $1`, [tenantId]);
    await until(() => changes.current() !== before, 'the last change');
    expect(changes.current()).toBe(before! + 1);
  });

  it('keeps the updated_at of a tenant whose write changed nothing else', async () => {
    const updatedAt = async () =>
      (await db.dataSource.query(`SELECT updated_at FROM tenants WHERE id = $1`, [tenantId]))[0]
        .updated_at as Date;
    const before = await updatedAt();
    await new Promise((r) => setTimeout(r, 20));
    await db.dataSource.query(`UPDATE tenants SET updated_at = now() WHERE id = $1`, [tenantId]);
    expect(await updatedAt()).toEqual(before);
    await db.dataSource.query(
      `UPDATE tenants SET display_name = 'Changed', updated_at = now() WHERE id = $1`,
      [tenantId],
    );
    expect((await updatedAt()).getTime()).toBeGreaterThan(before.getTime());
  });

  it("moves on at once for this process's own change", () => {
    const before = changes.current()!;
    changes.changed();
    expect(changes.current()).toBe(before + 1);
  });

  it('is not moved on by its heartbeats, which prove that notifications arrive', async () => {
    const before = changes.current();
    // Several heartbeats (every 100 ms) come and go.
    await new Promise((r) => setTimeout(r, 500));
    expect(changes.current()).toBe(before);
  });

  it('stops counting as listening when its heartbeats do not come back (a pooler that drops notifications)', async () => {
    const deaf = new ReadModelChanges(db.url, (_channel, payload) => notify('elsewhere', payload), {
      heartbeatMs: 100,
      reconnectMs: 60_000,
    });
    try {
      await deaf.start();
      expect(deaf.current()).not.toBeNull();
      await until(() => deaf.current() === null, 'the missing heartbeat noticed');
    } finally {
      await deaf.stop();
    }
  });

  it('has no generation while its connection is lost, and a new one once it is back', async () => {
    const before = changes.current();
    const [{ terminated }] = await db.dataSource.query(
      `SELECT count(pg_terminate_backend(pid))::int AS terminated FROM pg_stat_activity
       WHERE application_name = 'idplane-read-model-changes' AND datname = current_database()`,
    );
    expect(terminated).toBe(1);
    await until(() => changes.current() === null, 'the loss noticed');
    await until(() => changes.current() !== null, 'listening again');
    expect(changes.current()).not.toBe(before);
    await moves(
      () => db.dataSource.query(`UPDATE tenants SET display_name = 'Back' WHERE id = $1`, [tenantId]),
      'after',
    );
  });

  it('starts without Postgres, with no generation, instead of failing', async () => {
    let server: Server | undefined;
    // A port that accepts connections and never answers: the connection times out.
    const silent = await new Promise<number>((done) => {
      server = createServer(() => undefined).listen(0, '127.0.0.1', () =>
        done((server!.address() as { port: number }).port),
      );
    });
    const offline = new ReadModelChanges(`postgres://postgres@127.0.0.1:${silent}/none`, notify, {
      timeoutMs: 200,
      reconnectMs: 60_000,
    });
    try {
      await offline.start();
      expect(offline.current()).toBeNull();
    } finally {
      await offline.stop();
      server!.close();
    }
  });
});
