import { Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { Counter, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@idplane/config';
import { RECONCILE_RUN_STORE, TENANT_STORE } from '@idplane/tenancy';
import { AdvisoryLocks } from './advisory-lock';
import { createDataSource, runPendingMigrations } from './data-source';
import { OutboxRepository } from './outbox.repository';
import { TypeOrmReconcileRunStore } from './reconcile-run.repository';
import { TenantChildrenReader } from './tenant-children.reader';
import { TypeOrmTenantStore } from './tenant.repository';

@Global()
@Module({
  providers: [
    {
      provide: DataSource,
      inject: [APP_CONFIG, Registry],
      useFactory: async (config: AppConfig, registry: Registry): Promise<DataSource> => {
        // A reconcile holds one connection for its tenant's advisory lock and needs another for its queries; the two
        // outbox relays each hold one in their transaction, and plan previews need one.
        const poolSize = Math.max(10, 2 * config.WORKER_CONCURRENCY + 3);
        const queries = new Counter({
          name: 'idplane_db_queries_total',
          help: 'SQL statements sent to Postgres, by leading keyword',
          labelNames: ['statement'],
          registers: [registry],
        });
        const dataSource = await createDataSource(config.DATABASE_URL, {
          poolSize,
          onQuery: (statement) => queries.inc({ statement }),
        }).initialize();
        if (config.MIGRATIONS_RUN) {
          const applied = await runPendingMigrations(dataSource);
          if (applied.length > 0) new Logger('Persistence').log(`applied migrations: ${applied.join(', ')}`);
        }
        return dataSource;
      },
    },
    {
      provide: TENANT_STORE,
      inject: [DataSource, APP_CONFIG],
      useFactory: (ds: DataSource, config: AppConfig) =>
        new TypeOrmTenantStore(ds, {
          appClients: config.SHARED_POOL_APP_CLIENT_LIMIT,
          resourceServers: config.SHARED_POOL_RESOURCE_SERVER_LIMIT,
        }),
    },
    {
      provide: RECONCILE_RUN_STORE,
      inject: [DataSource],
      useFactory: (ds: DataSource) => new TypeOrmReconcileRunStore(ds),
    },
    {
      provide: OutboxRepository,
      inject: [DataSource],
      useFactory: (ds: DataSource) => new OutboxRepository(ds),
    },
    { provide: AdvisoryLocks, inject: [DataSource], useFactory: (ds: DataSource) => new AdvisoryLocks(ds) },
    {
      provide: TenantChildrenReader,
      inject: [DataSource],
      useFactory: (ds: DataSource) => new TenantChildrenReader(ds),
    },
  ],
  exports: [
    DataSource,
    TENANT_STORE,
    RECONCILE_RUN_STORE,
    OutboxRepository,
    AdvisoryLocks,
    TenantChildrenReader,
  ],
})
export class PersistenceModule implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
