import { createServer, Server } from 'node:net';
import { ReadModelChanges } from '@idplane/persistence';
import { createTestDatabase, TestDatabase } from '../support/test-database';

/** Polls until `done` holds; fails after 10 s. */
async function until(done: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; !(await done()); i++) {
    if (i >= 200) throw new Error(`not within 10 s: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('ReadModelChanges: a generation that moves on at every committed change to the tenant read model', () => {
  let db: TestDatabase;
  let changes: ReadModelChanges;
  let tenantId: string;

  beforeAll(async () => {
    db = await createTestDatabase('read_model_changes');
    [{ id: tenantId }] = await db.dataSource.query(
      `INSERT INTO tenants (slug, display_name, isolation_model) VALUES ('read-model', 'Read model', 'SHARED_POOL') RETURNING id`,
    );
    changes = new ReadModelChanges(db.url, { reconnectMs: 50 });
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
      () => db.dataSource.query(`DELETE FROM identity_providers WHERE tenant_id = $1`, [tenantId]),
      'idps',
    );
  });

  it('does not move on for a transaction that rolls back, nor for other tables', async () => {
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
    // Notifications arrive in commit order: had either of those notified, it would come before this one's.
    await db.dataSource.query(`UPDATE tenants SET display_name = 'Last' WHERE id = $1`, [tenantId]);
    await until(() => changes.current() !== before, 'the last change');
    expect(changes.current()).toBe(before! + 1);
  });

  it("moves on at once for this process's own change", () => {
    const before = changes.current()!;
    changes.changed();
    expect(changes.current()).toBe(before + 1);
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
    const offline = new ReadModelChanges(`postgres://postgres@127.0.0.1:${silent}/none`, {
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
