import { Client } from 'pg';

/** The database a URL names, and a client on the same server's `postgres` database to create or drop it. */
function adminClientFor(databaseUrl: string): { name: string; client: Client } {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_-]{1,63}$/.test(name))
    throw new Error(`database name ${JSON.stringify(name)} is not a plain identifier`);
  url.pathname = '/postgres';
  return { name, client: new Client({ connectionString: url.toString(), connectionTimeoutMillis: 3_000 }) };
}

/**
 * Creates the database named in the URL when it is missing.
 * For local development and tests only: production databases are provisioned by their operators.
 */
export async function ensureDatabaseExists(databaseUrl: string): Promise<boolean> {
  const { name, client } = adminClientFor(databaseUrl);
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount) return false;
    await client.query(`CREATE DATABASE "${name}"`);
    return true;
  } finally {
    await client.end();
  }
}

export async function dropDatabase(databaseUrl: string): Promise<void> {
  const { name, client } = adminClientFor(databaseUrl);
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
