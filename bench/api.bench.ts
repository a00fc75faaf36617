import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import autocannon from 'autocannon';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { ensureLocalOperatorPool, issueLocalOperatorToken } from '@idplane/admin-auth';
import { startCognitoEmulator } from '@idplane/cognito-emulator';
import { IdentityProviderService, MetadataFetcher } from '@idplane/federation';
import {
  createDataSource,
  dropDatabase,
  ensureDatabaseExists,
  PostgresIdentityProviderStore,
  runPendingMigrations,
} from '@idplane/persistence';
import { developmentSecretKeyring, SecretCipher } from '@idplane/secrets';
import { testSamlMetadata } from '../libs/federation/src/testing/saml-metadata.factory';
import { serviceNodeFlags } from './service-node-flags';

/**
 * bench:api — 10,000 tenants in Postgres, each with a SAML IdP and the default roles; autocannon against a page of
 * 50 tenants with nested fields and a lookup by id, both with a valid token, and against a bare NestJS + Apollo
 * constant, with the same connections and duration. The api runs as deployed, response cache included; the list is
 * also run against a second api with the cache off. Prints req/s, p50/p99 and SQL queries per executed request.
 */
const TENANTS = Number(process.env.BENCH_TENANTS ?? 10_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
// Unmeasured load before each measured run: a process reaches its steady state (JIT-optimised code, a young
// generation grown to --max-semi-space-size) only after 10 s or so of load, and production runs in that state.
const WARMUP_S = Number(process.env.BENCH_WARMUP_S ?? 10);
const SERVER = process.env.TEST_DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432';
const DIST = resolve(__dirname, '..');

const freePort = () =>
  new Promise<number>((done) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => done(port));
    });
  });

function startServer(script: string, env: NodeJS.ProcessEnv, readyUrl: string, flags: string[] = []) {
  const child = spawn(process.execPath, [...flags, resolve(DIST, script)], {
    env: { ...process.env, ...env },
    stdio: 'pipe',
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const ready = (async () => {
    for (let i = 0; i < 300; i++) {
      if (child.exitCode !== null)
        throw new Error(`${script} exited ${child.exitCode}: ${output.slice(-2000)}`);
      const answered = await fetch(readyUrl).then(
        (r) => r.status < 500,
        () => false,
      );
      if (answered) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${script} did not start: ${output.slice(-2000)}`);
  })();
  return { child, ready };
}

async function load(url: string, body: string, token?: string) {
  const run = (duration: number) =>
    autocannon({
      url: `${url}/graphql`,
      method: 'POST',
      connections: CONNECTIONS,
      duration,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body,
    });
  if (WARMUP_S > 0) await run(WARMUP_S);
  const result = await run(DURATION_S);
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`load against ${url} had ${result.non2xx} non-2xx and ${result.errors} errors`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

async function main() {
  const dbUrl = `${SERVER}/idplane_bench_api_${randomUUID().slice(0, 8)}`;
  await ensureDatabaseExists(dbUrl);
  const ds = await createDataSource(dbUrl, { poolSize: 2 }).initialize();
  await runPendingMigrations(ds);
  const emulator = await startCognitoEmulator({ port: 0 });
  const sdk = new CognitoIdentityProviderClient({
    region: 'us-east-1',
    endpoint: emulator.url,
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
  });
  const groups = { platformAdmin: 'platform-admin', tenantAdmin: 'tenant-admin' };
  const pool = await ensureLocalOperatorPool(sdk, 'bench', groups);
  const token = await issueLocalOperatorToken(sdk, pool, groups, { role: 'platform-admin' });
  const children: ReturnType<typeof spawn>[] = [];
  try {
    await ds.query(
      `INSERT INTO tenants (slug, display_name, isolation_model, status)
       SELECT 'bench-' || i, 'Bench ' || i, CASE WHEN i % 10 = 0 THEN 'DEDICATED_POOL' ELSE 'SHARED_POOL' END, 'ACTIVE'
       FROM generate_series(1, $1) AS i`,
      [TENANTS],
    );
    // Every tenant has an IdP, as in production, and the default roles: the first IdP is made through the real
    // service, the others are copies of its row (the same metadata and summary) named for each tenant's pool.
    const [{ id: firstTenant }] = await ds.query(`SELECT id FROM tenants ORDER BY created_at, id LIMIT 1`);
    const noFetch: MetadataFetcher = {
      fetch: async () => {
        throw new Error('bench:api fetches nothing');
      },
    };
    await new IdentityProviderService(
      new PostgresIdentityProviderStore(ds),
      new SecretCipher(developmentSecretKeyring()),
      noFetch,
    ).addSamlIdentityProvider(firstTenant, {
      name: 'okta',
      metadataXml: testSamlMetadata('https://okta.bench.example/idp'),
    });
    await ds.query(
      `INSERT INTO identity_providers (tenant_id, name, cognito_provider_name, pool_key, type, details,
         attribute_mapping, saml)
       SELECT t.id, p.name,
              CASE WHEN t.isolation_model = 'SHARED_POOL' THEN t.slug || '.' || p.name ELSE p.name END,
              CASE WHEN t.isolation_model = 'SHARED_POOL' THEN 'shared' ELSE t.id::text END,
              p.type, p.details, p.attribute_mapping, p.saml
       FROM tenants t CROSS JOIN identity_providers p WHERE p.tenant_id = $1 AND t.id <> $1`,
      [firstTenant],
    );
    // Settle the bulk load (hint bits, statistics) so reads under load don't pay for it.
    await ds.query('VACUUM ANALYZE tenants');
    await ds.query('VACUUM ANALYZE identity_providers');
    const [{ id: someTenant }] = await ds.query(
      `SELECT id FROM tenants ORDER BY created_at, id OFFSET $1 LIMIT 1`,
      [Math.floor(TENANTS / 2)],
    );
    console.log(`loaded ${TENANTS} tenants; ${CONNECTIONS} connections, ${DURATION_S} s per target`);

    const [apiPort, uncachedPort, barePort] = [await freePort(), await freePort(), await freePort()];
    const apiEnv = {
      // As deployed: production mode (no introspection or landing page, graphql-js without its dev checks).
      NODE_ENV: 'production',
      SECRETS_KEYS: `bench:${randomBytes(32).toString('base64')}`,
      DATABASE_URL: dbUrl,
      LOG_LEVEL: 'warn',
      COGNITO_ENDPOINT: emulator.url,
      OPERATOR_USER_POOL_ID: pool.userPoolId,
      OPERATOR_CLIENT_IDS: pool.clientId,
      MUTATION_RATE_LIMIT_PER_MINUTE: '100000',
    };
    const api = startServer(
      'apps/api/src/main.js',
      { ...apiEnv, PORT: String(apiPort) },
      `http://127.0.0.1:${apiPort}/health/ready`,
      serviceNodeFlags('api'),
    );
    // The same api with its response cache off: what executing the list costs, reported beside the cached figure.
    const uncached = startServer(
      'apps/api/src/main.js',
      { ...apiEnv, PORT: String(uncachedPort), GRAPHQL_RESPONSE_CACHE_MB: '0' },
      `http://127.0.0.1:${uncachedPort}/health/ready`,
      serviceNodeFlags('api'),
    );
    const bare = startServer(
      'bench/bare-graphql.server.js',
      { PORT: String(barePort), NODE_ENV: 'production' },
      `http://127.0.0.1:${barePort}/graphql`,
      // The same runtime flags as the api: the ratio compares the work per request, not the tuning.
      serviceNodeFlags('api'),
    );
    children.push(api.child, uncached.child, bare.child);
    await Promise.all([api.ready, uncached.ready, bare.ready]);
    const apiUrl = `http://127.0.0.1:${apiPort}`;

    const listQuery =
      'tenants(first: 50) { edges { node { id slug status identityProviders { name } roles { name } } } }';
    const list = JSON.stringify({ query: `{ ${listQuery} }` });
    const lookupQuery = 'tenant(id: $id) { id slug status }';
    const lookup = JSON.stringify({
      query: `query($id: ID!) { ${lookupQuery} }`,
      variables: { id: someTenant },
    });
    const constant = JSON.stringify({ query: '{ constant }' });

    // SQL per request, exactly: the api counts every statement it sends (idplane_db_queries_total).
    const statements = async () => {
      const text = await (await fetch(`${apiUrl}/metrics`)).text();
      return [...text.matchAll(/^idplane_db_queries_total\{[^}]*\} (\d+)/gm)].reduce(
        (n, m) => n + Number(m[1]),
        0,
      );
    };
    // Each sample is a document of its own (an alias apart), so that it executes instead of coming from the cache.
    const sqlPer = async (body: (sample: number) => string) => {
      const samples = 20;
      const before = await statements();
      for (let i = 0; i < samples; i++) {
        const res = await fetch(`${apiUrl}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: body(i),
        });
        const json = (await res.json()) as { errors?: unknown };
        if (json.errors) throw new Error(`bench query failed: ${JSON.stringify(json.errors)}`);
      }
      return ((await statements()) - before) / samples;
    };
    // The page measured is the page the portal shows: every tenant with its IdP and its three roles.
    const page = (await (
      await fetch(`${apiUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: list,
      })
    ).json()) as {
      data: { tenants: { edges: { node: { identityProviders: unknown[]; roles: unknown[] } }[] } };
    };
    const nodes = page.data.tenants.edges.map((e) => e.node);
    if (nodes.length !== 50 || nodes.some((n) => n.identityProviders.length !== 1 || n.roles.length !== 3))
      throw new Error('bench:api: the page does not hold 50 tenants with one IdP and three roles each');
    const sqlPerList = await sqlPer((i) =>
      JSON.stringify({ query: `{ sample${i}: __typename ${listQuery} }` }),
    );
    const sqlPerLookup = await sqlPer((i) =>
      JSON.stringify({
        query: `query($id: ID!) { sample${i}: __typename ${lookupQuery} }`,
        variables: { id: someTenant },
      }),
    );

    // The baseline runs first and last, and the ratios use the mean of the two: a shared machine's speed drifts
    // over the minutes a run takes, and this keeps the drift from falling on one side of the ratios only.
    const bareBefore = await load(`http://127.0.0.1:${barePort}`, constant);
    const listResult = await load(apiUrl, list, token);
    const lookupResult = await load(apiUrl, lookup, token);
    const uncachedListResult = await load(`http://127.0.0.1:${uncachedPort}`, list, token);
    const bareAfter = await load(`http://127.0.0.1:${barePort}`, constant);
    const bareRps = (bareBefore.rps + bareAfter.rps) / 2;
    const round = (n: number, d = 2) => Number(n.toFixed(d));
    const row = (name: string, r: { rps: number; p50: number; p99: number }) =>
      console.log(
        `${name.padEnd(28)} ${String(round(r.rps, 0)).padStart(7)} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms`,
      );
    row('bare Nest + Apollo constant', bareBefore);
    row('tenants(first: 50) + nested', listResult);
    row('tenant(id)', lookupResult);
    row('tenants(first: 50), no cache', uncachedListResult);
    row('bare, again', bareAfter);
    console.log(
      `SQL statements per executed request (counted by the api): list ${round(sqlPerList)}, lookup ${round(sqlPerLookup)}; ` +
        `list without the cache at ${round(uncachedListResult.rps / bareRps)} of the bare endpoint (mean ${round(bareRps, 0)} req/s)`,
    );
    console.log(
      `bench:api list_ratio=${round(listResult.rps / bareRps)} list_p99_ms=${listResult.p99} lookup_ratio=${round(
        lookupResult.rps / bareRps,
      )} lookup_p99_ms=${lookupResult.p99} sql_per_list=${round(sqlPerList)}`,
    );
  } finally {
    for (const c of children) c.kill('SIGTERM');
    sdk.destroy();
    await emulator.close();
    await ds.destroy();
    await dropDatabase(dbUrl);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
