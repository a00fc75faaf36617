import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  createDataSource,
  dropDatabase,
  ensureDatabaseExists,
  runPendingMigrations,
} from '@idplane/persistence';

const SERVER_URL = process.env.TEST_DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432';

export interface TestDatabase {
  url: string;
  dataSource: DataSource;
  drop(): Promise<void>;
}

/** A fresh, migrated database of its own for one test file, so files can run in parallel. */
export async function createTestDatabase(label: string): Promise<TestDatabase> {
  const name = `idplane_test_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  const url = `${SERVER_URL}/${name}`;
  await ensureDatabaseExists(url);
  const dataSource = await createDataSource(url, { poolSize: 5 }).initialize();
  await runPendingMigrations(dataSource);
  return {
    url,
    dataSource,
    drop: async () => {
      if (dataSource.isInitialized) await dataSource.destroy();
      await dropDatabase(url);
    },
  };
}
