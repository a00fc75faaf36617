import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../../migrations';
import { OutboxMessageEntity } from './entities/outbox-message.entity';
import { ReconcileRunEntity } from './entities/reconcile-run.entity';
import { TenantEntity } from './entities/tenant.entity';
import { QueryCountingLogger } from './query-counting.logger';

export const ENTITIES = [TenantEntity, OutboxMessageEntity, ReconcileRunEntity];

export function createDataSource(
  databaseUrl: string,
  options: { poolSize?: number; onQuery?: (statement: string) => void } = {},
): DataSource {
  return new DataSource({
    type: 'postgres',
    url: databaseUrl,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    synchronize: false,
    migrationsRun: false,
    extra: { max: options.poolSize ?? 10, connectionTimeoutMillis: 5_000 },
    ...(options.onQuery ? { logger: new QueryCountingLogger(options.onQuery) } : {}),
  });
}

// An arbitrary constant: every idplane process serialises migration runs on it.
const MIGRATION_LOCK_KEY = 7_126_001;

/** Applies pending migrations, one process at a time, so api and worker replicas can start together. */
export async function runPendingMigrations(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await runner.release();
  }
}
