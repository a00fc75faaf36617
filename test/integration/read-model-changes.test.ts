import { createServer, Server } from 'node:net';
import { Client } from 'pg';
import { READ_MODEL_CHANNEL, ReadModelChanges } from '@idplane/persistence';
import { eventually } from '../support/processes';
import { createTestDatabase, TestDatabase } from '../support/test-database';

/** Polls until `done` holds; fails after 10 s. */
const until = (done: () => boolean, what: string) =>
  eventually(async () => done() || undefined, 10_000, what);

describe('read-model changes: the triggers that notify, and the generation ReadModelChanges makes of them', () => {
  let db: TestDatabase;
  let tenantId: string;
  /** The test's own listener: every payload on the channel, in the order Postgres delivered them. */
  let listener: Client;
  const heard: string[] = [];
  const notify = (channel: string, payload: string) =>
    db.dataSource.query('SELECT pg_notify($1, $2)', [channel, payload]);
  const sql = (text: string, params: unknown[] = [tenantId]) => db.dataSource.query(text, params);

  /** The 'changed' notifications the writes in `act` caused: a marker sent after them closes the count. */
  const changesBy = async (act: () => Promise<unknown>): Promise<number> => {
    const from = heard.length;
    await act();
    const marker = `marker:${from}`;
    await notify(READ_MODEL_CHANNEL, marker);
    await until(() => heard.includes(marker), 'the marker');
    return heard.slice(from, heard.indexOf(marker)).filter((p) => p === 'changed').length;
  };

  beforeAll(async () => {
    db = await createTestDatabase('read_model_changes');
    [{ id: tenantId }] = await db.dataSource.query(
      `INSERT INTO tenants (slug, display_name, isolation_model) VALUES ('read-model', 'Read model', 'SHARED_POOL')
       RETURNING id`,
    );
    listener = new Client({ connectionString: db.url });
    await listener.connect();
    listener.on('notification', ({ payload }) => heard.push(payload ?? ''));
    await listener.query(`LISTEN ${READ_MODEL_CHANNEL}`);
  });

  afterAll(async () => {
    await listener?.end();
    await db?.drop();
  });

  describe('the triggers', () => {
    it('notify once per committed transaction that changed tenants, identity providers or access rows', async () => {
      expect(await changesBy(() => sql(`UPDATE tenants SET display_name = 'Other' WHERE id = $1`))).toBe(1);
      expect(
        await changesBy(() =>
          sql(`INSERT INTO tenant_access (tenant_id, roles, mappings) VALUES ($1, '[]', '{"rules": []}')`),
        ),
      ).toBe(1);
      expect(await changesBy(() => sql(`UPDATE tenant_access SET roles = '[{}]' WHERE tenant_id = $1`))).toBe(
        1,
      );
      expect(
        await changesBy(() =>
          sql(
            `INSERT INTO identity_providers (tenant_id, name, cognito_provider_name, pool_key, type, details)
             VALUES ($1, 'okta', 'read-model.okta', 'shared', 'OIDC', '{}'),
                    ($1, 'entra', 'read-model.entra', 'shared', 'OIDC', '{}')`,
          ),
        ),
      ).toBe(1);
      expect(await changesBy(() => sql(`DELETE FROM identity_providers WHERE tenant_id = $1`))).toBe(1);
    });

    it('stay silent for a rollback, a write that changes nothing, and other tables', async () => {
      const count = await changesBy(async () => {
        await db.dataSource
          .transaction(async (m) => {
            await m.query(`UPDATE tenants SET display_name = 'Never' WHERE id = $1`, [tenantId]);
            throw new Error('roll back');
          })
          .catch(() => undefined);
        await sql(`UPDATE tenants SET display_name = display_name, updated_at = now() WHERE id = $1`);
        await sql(`UPDATE tenant_access SET roles = roles WHERE tenant_id = $1`);
        await sql(`DELETE FROM identity_providers WHERE tenant_id = $1`);
        await sql(
          `INSERT INTO outbox_messages (topic, aggregate_id, payload) VALUES ('test.unwatched', $1, '{}')`,
        );
      });
      expect(count).toBe(0);
    });

    it('keep the updated_at of a tenant whose write changed nothing else', async () => {
      const updatedAt = async () =>
        (await sql(`SELECT updated_at FROM tenants WHERE id = $1`))[0].updated_at as Date;
      const before = await updatedAt();
      await new Promise((r) => setTimeout(r, 20));
      await sql(`UPDATE tenants SET updated_at = now() WHERE id = $1`);
      expect(await updatedAt()).toEqual(before);
      await sql(`UPDATE tenants SET display_name = 'Changed', updated_at = now() WHERE id = $1`);
      expect((await updatedAt()).getTime()).toBeGreaterThan(before.getTime());
    });
  });

  describe('ReadModelChanges', () => {
    let changes: ReadModelChanges;
    let lost: Error[];

    beforeAll(async () => {
      lost = [];
      changes = new ReadModelChanges(db.url, {
        heartbeatMs: 500,
        reconnectMs: 200,
        onLost: (error) => lost.push(error),
      });
      await changes.start();
    });

    afterAll(async () => {
      await changes?.stop();
    });

    it('has a generation once started, which a committed change moves on', async () => {
      const before = changes.current();
      expect(before).not.toBeNull();
      await sql(`UPDATE tenants SET display_name = 'Moved' WHERE id = $1`);
      await until(() => changes.current() !== null && changes.current()! > before!, 'the change heard');
      expect(lost).toEqual([]);
    });

    it("moves on at once for this process's own change", () => {
      const before = changes.current()!;
      changes.changed();
      expect(changes.current()).toBe(before + 1);
    });

    it('is not moved on by its heartbeats, which keep arriving', async () => {
      const before = changes.current();
      await new Promise((r) => setTimeout(r, 1_600));
      expect(lost).toEqual([]);
      expect(changes.current()).toBe(before);
      expect(heard.filter((p) => p.startsWith('heartbeat:')).length).toBeGreaterThanOrEqual(3);
    });

    it('has no generation once its connection is lost, and a new one when it listens again', async () => {
      const before = changes.current();
      const [{ terminated }] = await sql(
        `SELECT count(pg_terminate_backend(pid))::int AS terminated FROM pg_stat_activity
         WHERE application_name = 'idplane-read-model-changes' AND datname = current_database()`,
        [],
      );
      expect(terminated).toBe(1);
      await until(() => lost.length > 0, 'the loss noticed');
      await until(() => changes.current() !== null, 'listening again');
      expect(changes.current()).toBeGreaterThan(before!);
    });
  });

  it('never has a generation when its heartbeats do not arrive (a pooler that drops notifications)', async () => {
    const lost: Error[] = [];
    const deaf = new ReadModelChanges(db.url, {
      notify: (_channel, payload) => notify('elsewhere', payload),
      heartbeatMs: 100,
      reconnectMs: 60_000,
      onLost: (error) => lost.push(error),
    });
    try {
      await deaf.start();
      expect(deaf.current()).toBeNull();
      expect(lost.map((e) => e.message)).toEqual(['the first heartbeat notification did not arrive']);
    } finally {
      await deaf.stop();
    }
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
