import { ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import IORedis from 'ioredis';
import { ConfigError, loadConfig } from '@idplane/config';
import { ensureDatabaseExists } from '@idplane/persistence';
import { localOperatorPoolEnv, waitForHttp } from './local-operator-pool';

/**
 * `npm run dev`: checks that Postgres and Redis answer, creates the database, then runs the emulator (unless
 * COGNITO_ENDPOINT is set), the api and the worker with readable logs, until Ctrl-C.
 */
const DIST = resolve(__dirname, '..');
const HOW_TO_START =
  'Start it with `docker compose up -d postgres redis`, or with the system packages ' +
  '(`pg_ctlcluster 15 main start`, `redis-server --daemonize yes`).';

async function checkPostgres(url: string): Promise<void> {
  try {
    if (await ensureDatabaseExists(url))
      console.log(`[dev] created database ${new URL(url).pathname.slice(1)}`);
  } catch (error) {
    const where = new URL(url);
    fail(
      `Postgres is not reachable at ${where.hostname}:${where.port || 5432} (DATABASE_URL): ${reason(error)}.`,
      HOW_TO_START,
    );
  }
}

async function checkRedis(url: string): Promise<void> {
  const redis = new IORedis(url, {
    lazyConnect: true,
    connectTimeout: 2_000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    const where = new URL(url);
    fail(
      `Redis is not reachable at ${where.hostname}:${where.port || 6379} (REDIS_URL): ${reason(error)}.`,
      HOW_TO_START,
    );
  } finally {
    redis.disconnect();
  }
}

function fail(message: string, hint?: string): never {
  console.error(`[dev] ${message}${hint ? `\n[dev] ${hint}` : ''}`);
  process.exit(1);
}

const reason = (error: unknown) => (error as Error).message.replace(/\.+$/, '');

const children: ChildProcess[] = [];

function run(name: string, script: string, env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, [resolve(DIST, script)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = `[${name}]`.padEnd(11);
  const relay = (target: NodeJS.WriteStream) => (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) if (line.trim()) target.write(`${prefix}${line}\n`);
  };
  child.stdout?.on('data', relay(process.stdout));
  child.stderr?.on('data', relay(process.stderr));
  child.on('exit', (code, signal) => {
    console.log(`${prefix}exited (${signal ?? code})`);
    if (!shuttingDown) shutdown(code ?? 1);
  });
  children.push(child);
  return child;
}

let shuttingDown = false;
function shutdown(code: number) {
  if (shuttingDown) return;
  shuttingDown = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  const forced = setTimeout(() => process.exit(code), 15_000);
  forced.unref();
  Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.on('exit', r)) : null))).then(
    () => process.exit(code),
  );
}

/** The database's name, safe in a file name. */
function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.slice(1)).replace(/[^A-Za-z0-9_-]/g, '_') || 'postgres';
}

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  await checkPostgres(config.DATABASE_URL);
  await checkRedis(config.REDIS_URL);

  const env: NodeJS.ProcessEnv = { ...process.env, LOG_PRETTY: process.env.LOG_PRETTY ?? 'true' };
  if (!config.COGNITO_ENDPOINT) {
    const port = process.env.EMULATOR_PORT ?? '9325';
    run('emulator', 'apps/cognito-emulator/src/main.js', {
      ...env,
      EMULATOR_PORT: port,
      // One state per database: the emulator's pools belong with the desired state that made them. A fresh database
      // beside an old state would find its new tenants' names taken by the old ones' resources.
      EMULATOR_STATE_FILE:
        process.env.EMULATOR_STATE_FILE ??
        resolve(DIST, '..', `.emulator-state.${databaseName(config.DATABASE_URL)}.json`),
    });
    env.COGNITO_ENDPOINT = `http://127.0.0.1:${port}`;
    await waitForHttp(env.COGNITO_ENDPOINT, 10_000);
  } else {
    console.log(`[dev] COGNITO_ENDPOINT is set: using ${config.COGNITO_ENDPOINT}, not starting the emulator`);
  }
  if (!config.OPERATOR_USER_POOL_ID) {
    Object.assign(env, await localOperatorPoolEnv(config, env.COGNITO_ENDPOINT!));
    console.log(
      `[dev] operator pool ${env.OPERATOR_USER_POOL_ID}; get a token with: npm run -s token -- --role platform-admin`,
    );
  }
  run('api', 'apps/api/src/main.js', env);
  run('worker', 'apps/worker/src/main.js', env);
  console.log(`[dev] GraphQL at http://127.0.0.1:${config.PORT}/graphql; Ctrl-C stops everything`);
}

process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));
main().catch((error) => {
  console.error(`[dev] ${(error as Error).message}`);
  shutdown(1);
});
