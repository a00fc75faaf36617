import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AccessService } from '@idplane/access';
import { PostgresAccessStore, TypeOrmTenantStore } from '@idplane/persistence';
import { TenantService } from '@idplane/tenancy';
import { FileSnapshotLoader } from '../../apps/token-enricher/src/snapshot-source';
import { parseMappingSnapshot } from '../../libs/access/src/mapping-snapshot.parser';
import { startProcess } from '../support/processes';
import { createTestDatabase, TestDatabase } from '../support/test-database';

/** `npm run snapshot:export` writes the file the token enricher reads through SNAPSHOT_FILE. */
describe('exporting the access snapshot to a file (the built script, real Postgres)', () => {
  let db: TestDatabase;
  let dir: string;
  let tenants: TenantService;
  let access: AccessService;

  beforeAll(async () => {
    db = await createTestDatabase('snapshot_export');
    dir = mkdtempSync(join(tmpdir(), 'idplane-snapshot-'));
    tenants = new TenantService(new TypeOrmTenantStore(db.dataSource), { defaultRegion: 'us-east-1' });
    access = new AccessService(new PostgresAccessStore(db.dataSource));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await db.drop();
  });

  async function exportTo(out: string, extraArgs: string[] = ['--out', out]) {
    const run = startProcess(
      'snapshot:export',
      'scripts/export-access-snapshot.js',
      { DATABASE_URL: db.url },
      extraArgs,
    );
    const code = await new Promise<number | null>((done) => run.child.on('exit', (c) => done(c)));
    return { code, output: run.output() };
  }

  it("writes every live tenant's rules, readable by the enricher's file loader, and drops a deleted tenant", async () => {
    const acme = await tenants.createTenant({
      slug: 'acme',
      displayName: 'Acme',
      isolationModel: 'DEDICATED_POOL',
    });
    const gone = await tenants.createTenant({
      slug: 'gone',
      displayName: 'Gone',
      isolationModel: 'SHARED_POOL',
    });
    const view = await access.getAccess(acme.id);
    await access.setRoleMappings(
      acme.id,
      {
        defaultRole: 'read-only',
        rules: [
          { identityProvider: null, claim: 'groups', matchType: 'EQUALS', value: 'Admins', role: 'admin' },
        ],
      },
      view.version,
    );
    const out = join(dir, 'snapshot.json');

    const first = await exportTo(out);
    expect(first).toMatchObject({ code: 0, output: expect.stringContaining('2 tenants') });
    const loaded = await new FileSnapshotLoader(out).load();
    if (loaded.kind !== 'loaded') throw new Error('the file loader did not load the snapshot');
    const snapshot = parseMappingSnapshot(loaded.raw);
    expect(Object.keys(snapshot.tenants).sort()).toEqual([acme.id, gone.id].sort());
    expect(snapshot.tenants[acme.id]).toMatchObject({ slug: 'acme', defaultRole: 'read-only' });
    expect(snapshot.tenants[acme.id].rules).toEqual([
      expect.objectContaining({ claim: 'groups', value: 'Admins', role: 'admin' }),
    ]);

    await tenants.deleteTenant(gone.id, gone.version);
    expect((await exportTo(out)).code).toBe(0);
    const after = await new FileSnapshotLoader(out).load();
    if (after.kind !== 'loaded') throw new Error('the file loader did not load the snapshot');
    expect(Object.keys(parseMappingSnapshot(after.raw).tenants)).toEqual([acme.id]);
    // Written beside the target and renamed: nothing partial is left behind.
    expect(readdirSync(dir)).toEqual(['snapshot.json']);
  });

  it('says how to call it when --out is missing, and writes nothing', async () => {
    const run = await exportTo(join(dir, 'unused.json'), []);
    expect(run.code).toBe(1);
    expect(run.output).toMatch(/usage: npm run -s snapshot:export -- --out <file>/);
    expect(readdirSync(dir)).not.toContain('unused.json');
  });
});
