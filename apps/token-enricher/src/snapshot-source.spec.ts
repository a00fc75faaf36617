import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildMappingSnapshot } from '../../../libs/access/src/mapping-snapshot.builder';
import { DEFAULT_ROLES } from '../../../libs/access/src/role';
import { readEnricherConfig } from './enricher-config';
import {
  CachedSnapshotSource,
  FileSnapshotLoader,
  HttpSnapshotLoader,
  LoadResult,
  SnapshotLoader,
} from './snapshot-source';

const TOKEN = 'snapshot-token-for-unit-tests-0123456789';

function snapshotAt(iso: string) {
  return buildMappingSnapshot(
    [
      {
        tenantId: 't-acme',
        slug: 'acme',
        isolationModel: 'DEDICATED_POOL',
        userPoolId: null,
        appClientIds: ['c1'],
        roles: [...DEFAULT_ROLES],
        mappings: { defaultRole: 'member', rules: [] },
      },
    ],
    new Date(iso),
  );
}

describe('HttpSnapshotLoader against a local server', () => {
  let server: Server;
  let url: string;
  let status = 200;
  const seen: (string | undefined)[] = [];
  const authorizations: (string | undefined)[] = [];
  const body = JSON.stringify(snapshotAt('2025-03-01T00:00:00Z'));

  beforeAll(async () => {
    // Answers as the api's snapshot endpoint does: 401 without the right Bearer token.
    server = createServer((req, res) => {
      seen.push(req.headers['if-none-match']);
      authorizations.push(req.headers.authorization);
      if (req.headers.authorization !== `Bearer ${TOKEN}`) {
        res
          .writeHead(401, { 'content-type': 'application/json' })
          .end('{"error":"a valid Bearer token is required"}');
      } else if (status !== 200) {
        res.writeHead(status).end();
      } else if (req.headers['if-none-match'] === '"v1"') {
        res.writeHead(304).end();
      } else {
        res.writeHead(200, { 'content-type': 'application/json', etag: '"v1"' }).end(body);
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/access/snapshot`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('loads with the Bearer token, then revalidates with the ETag', async () => {
    status = 200;
    const loader = new HttpSnapshotLoader(url, 2000, TOKEN);
    const first = await loader.load();
    expect(first).toEqual({ kind: 'loaded', raw: JSON.parse(body), etag: '"v1"' });
    expect(await loader.load('"v1"')).toEqual({ kind: 'not-modified' });
    expect(seen.slice(-2)).toEqual([undefined, '"v1"']);
    expect(authorizations.slice(-2)).toEqual([`Bearer ${TOKEN}`, `Bearer ${TOKEN}`]);
  });

  it('a wrong token is a load failure, and the cache then serves nothing', async () => {
    status = 200;
    await expect(new HttpSnapshotLoader(url, 2000, 'not-the-token').load()).rejects.toThrow(/HTTP 401/);
    const source = new CachedSnapshotSource(new HttpSnapshotLoader(url, 2000, 'not-the-token'), {
      ttlMs: 60_000,
      maxStaleMs: 60_000,
      retryAfterFailureMs: 5_000,
    });
    expect(await source.current()).toBeNull();
  });

  it('fails on a server error, and the cache then serves nothing without a prior snapshot', async () => {
    status = 503;
    const failures: boolean[] = [];
    const source = new CachedSnapshotSource(new HttpSnapshotLoader(url, 2000, TOKEN), {
      ttlMs: 60_000,
      maxStaleMs: 60_000,
      retryAfterFailureMs: 5_000,
      onLoadFailure: (_e, stale) => failures.push(stale),
    });
    expect(await source.current()).toBeNull();
    expect(failures).toEqual([false]);
  });

  it('fails on an unreachable endpoint', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(new HttpSnapshotLoader(`http://127.0.0.1:${port}/`, 2000, TOKEN).load()).rejects.toThrow(
      /unreachable/,
    );
  });
});

describe('FileSnapshotLoader', () => {
  it('reads a snapshot file, BOM and all', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'idplane-snapshot-'));
    try {
      const path = join(dir, 'snapshot.json');
      const snapshot = snapshotAt('2025-03-01T00:00:00Z');
      await writeFile(path, `\uFEFF${JSON.stringify(snapshot)}`);
      // A TTL no run can outlast: with a 1 ms one, a busy machine saw the snapshot expire before it was returned.
      const source = new CachedSnapshotSource(new FileSnapshotLoader(path), {
        ttlMs: 60_000,
        maxStaleMs: 0,
        retryAfterFailureMs: 0,
      });
      expect(await source.current()).toEqual(snapshot);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

/** A loader scripted step by step, with a hand-driven clock: no timing in the assertions. */
class ScriptedLoader implements SnapshotLoader {
  calls = 0;
  constructor(private readonly steps: (() => LoadResult)[]) {}
  async load(): Promise<LoadResult> {
    const step = this.steps[Math.min(this.calls, this.steps.length - 1)];
    this.calls += 1;
    return step();
  }
}

describe('CachedSnapshotSource', () => {
  const first = snapshotAt('2025-03-01T00:00:00Z');
  const second = snapshotAt('2025-03-02T00:00:00Z');
  const fail = (): LoadResult => {
    throw new Error('down');
  };

  it('serves from cache within the TTL, then reloads', async () => {
    let now = 0;
    const loader = new ScriptedLoader([
      () => ({ kind: 'loaded', raw: first }),
      () => ({ kind: 'loaded', raw: second }),
    ]);
    const source = new CachedSnapshotSource(loader, {
      ttlMs: 100,
      maxStaleMs: 100,
      retryAfterFailureMs: 10,
      now: () => now,
    });
    expect(await source.current()).toEqual(first);
    now = 50;
    expect(await source.current()).toEqual(first);
    expect(loader.calls).toBe(1);
    now = 150;
    expect(await source.current()).toEqual(second);
  });

  it('keeps serving the last good snapshot for a bounded time while reloads fail, then fails safe', async () => {
    let now = 0;
    const loader = new ScriptedLoader([() => ({ kind: 'loaded', raw: first }), fail]);
    const source = new CachedSnapshotSource(loader, {
      ttlMs: 100,
      maxStaleMs: 200,
      retryAfterFailureMs: 10,
      now: () => now,
    });
    await source.current();
    now = 150;
    expect(await source.current()).toEqual(first);
    now = 155;
    expect(await source.current()).toEqual(first);
    expect(loader.calls).toBe(2); // within the retry pause: no new attempt
    now = 300;
    expect(await source.current()).toBeNull();
  });

  it('never replaces a snapshot with an older one, nor with an invalid one', async () => {
    let now = 0;
    const loader = new ScriptedLoader([
      () => ({ kind: 'loaded', raw: second }),
      () => ({ kind: 'loaded', raw: first }),
      () => ({ kind: 'loaded', raw: { version: 1, generatedAt: 'x', tenants: [] } }),
    ]);
    const source = new CachedSnapshotSource(loader, {
      ttlMs: 10,
      maxStaleMs: 1000,
      retryAfterFailureMs: 0,
      now: () => now,
    });
    await source.current();
    now = 20;
    expect(await source.current()).toEqual(second);
    now = 40;
    expect(await source.current()).toEqual(second);
    expect(loader.calls).toBe(3);
  });
});

describe('readEnricherConfig', () => {
  it('reads a URL source, its token, and defaults', () => {
    expect(
      readEnricherConfig({
        SNAPSHOT_URL: 'https://cp.example/access/snapshot',
        SNAPSHOT_TOKEN: ` ${TOKEN} `,
      }),
    ).toEqual({
      snapshot: { kind: 'url', url: 'https://cp.example/access/snapshot', timeoutMs: 1500, token: TOKEN },
      ttlMs: 60_000,
      maxStaleMs: 900_000,
      retryAfterFailureMs: 5_000,
      blockSignInOnTenantMismatch: false,
    });
  });

  it('reads a file source without a token', () => {
    expect(readEnricherConfig({ SNAPSHOT_FILE: '/opt/snapshot.json' }).snapshot).toEqual({
      kind: 'file',
      path: '/opt/snapshot.json',
    });
  });

  it.each([
    {},
    { SNAPSHOT_URL: 'ftp://x', SNAPSHOT_TOKEN: TOKEN },
    { SNAPSHOT_FILE: '/x', SNAPSHOT_TTL_SECONDS: '-1' },
    // The api's endpoint always wants its Bearer token: a URL without one could never load.
    { SNAPSHOT_URL: 'https://cp.example/access/snapshot' },
    { SNAPSHOT_URL: 'https://cp.example/access/snapshot', SNAPSHOT_TOKEN: '  ' },
  ])('rejects %p', (env) => {
    expect(() => readEnricherConfig(env)).toThrow();
  });
});
