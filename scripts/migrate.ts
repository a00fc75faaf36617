import 'reflect-metadata';
import { loadConfig } from '@idplane/config';
import { exitOnStartupError } from '@idplane/observability';
import { createDataSource, ensureDatabaseExists, runPendingMigrations } from '@idplane/persistence';

/** `npm run migration:run`: creates the database if needed and applies pending migrations. */
async function main() {
  const config = loadConfig();
  if (await ensureDatabaseExists(config.DATABASE_URL)) console.log('created the database');
  const dataSource = await createDataSource(config.DATABASE_URL, { poolSize: 2 }).initialize();
  try {
    const applied = await runPendingMigrations(dataSource);
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'no pending migrations');
  } finally {
    await dataSource.destroy();
  }
}

main().catch(exitOnStartupError('migrate'));
