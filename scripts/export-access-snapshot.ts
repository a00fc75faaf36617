import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { rename, writeFile } from 'node:fs/promises';
import { AccessService } from '@idplane/access';
import { ConfigError, loadConfig } from '@idplane/config';
import { createDataSource, PostgresAccessStore } from '@idplane/persistence';

const USAGE = `usage: npm run -s snapshot:export -- --out <file>
Writes the token enricher's role-mapping snapshot (every live tenant's roles and rules) to <file>, for SNAPSHOT_FILE:
bundle it with the Lambda or copy it to an object store. The file is replaced atomically.`;

function outPath(argv: string[]): string {
  const at = argv.indexOf('--out');
  const path = at >= 0 ? argv[at + 1] : undefined;
  if (!path || path.startsWith('--')) throw new Error(USAGE);
  return path;
}

/** `npm run snapshot:export`: the same snapshot GET /internal/access/snapshot serves, as a file. */
async function main() {
  const out = outPath(process.argv.slice(2));
  const config = loadConfig();
  const dataSource = await createDataSource(config.DATABASE_URL, { poolSize: 1 }).initialize();
  try {
    const snapshot = await new AccessService(new PostgresAccessStore(dataSource)).snapshot(new Date());
    // Write beside the target, then rename: a Lambda packaging or sync step never reads half a file.
    const partial = `${out}.${randomBytes(4).toString('hex')}.partial`;
    await writeFile(partial, JSON.stringify(snapshot), { mode: 0o600 });
    await rename(partial, out);
    console.error(
      `wrote a format-${snapshot.version} snapshot of ${Object.keys(snapshot.tenants).length} tenants to ${out}`,
    );
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : (error as Error).message);
  process.exit(1);
});
