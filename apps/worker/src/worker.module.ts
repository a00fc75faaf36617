import { Module } from '@nestjs/common';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { Redis } from 'ioredis';
import { PinoLogger } from 'nestjs-pino';
import { APP_CONFIG, AppConfig, ConfigModule } from '@idplane/config';
import { CognitoClients, RedisRequestBudgets } from '@idplane/cognito';
import { Queue } from 'bullmq';
import {
  DRIFT_SWEEP_QUEUE,
  MessagingModule,
  RECONCILE_QUEUE,
  REDIS,
  redisOptionsFromUrl,
  redisReadiness,
} from '@idplane/messaging';
import { createLoggerModule, ObservabilityModule } from '@idplane/observability';
import {
  AdvisoryLocks,
  PersistenceModule,
  postgresReadiness,
  postgresReconcileSources,
  PostgresAccessStore,
} from '@idplane/persistence';
import { IdentityPoolReconciler, TenantReconciler } from '@idplane/reconciler';
import { SecretCipher, SecretsModule } from '@idplane/secrets';
import { RECONCILE_RUN_STORE, ReconcileRunStore, TENANT_STORE, TenantStore } from '@idplane/tenancy';
import { IdpMaintenanceModule } from './idp-maintenance.module';
import { LifecycleEventsService } from './lifecycle-events.service';
import { ReconcileWorkerService } from './reconcile-worker.service';
import { WorkerMetrics } from './worker-metrics';
import { DRIFT_SWEEP_QUEUE_TOKEN } from './worker-queues';

@Module({
  imports: [
    ConfigModule,
    createLoggerModule('worker'),
    PersistenceModule,
    MessagingModule,
    // SECRETS_KEYS: the reconciler opens IdP client secrets, sealed by the api, to send them to Cognito.
    SecretsModule,
    ObservabilityModule.forRoot({
      service: 'worker',
      readinessChecks: {
        inject: [DataSource, REDIS],
        useFactory: (dataSource: DataSource, redis: Redis) => [
          postgresReadiness(dataSource),
          redisReadiness(redis),
        ],
      },
    }),
    IdpMaintenanceModule,
  ],
  providers: [
    {
      provide: Queue,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        new Queue(RECONCILE_QUEUE, {
          connection: redisOptionsFromUrl(config.REDIS_URL),
          prefix: config.QUEUE_PREFIX,
        }),
    },
    {
      provide: DRIFT_SWEEP_QUEUE_TOKEN,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        new Queue(DRIFT_SWEEP_QUEUE, {
          connection: redisOptionsFromUrl(config.REDIS_URL),
          prefix: config.QUEUE_PREFIX,
        }),
    },
    {
      provide: WorkerMetrics,
      inject: [Registry, Queue],
      useFactory: (registry: Registry, queue: Queue) => {
        const metrics = new WorkerMetrics(registry);
        metrics.watch(queue);
        return metrics;
      },
    },
    {
      provide: CognitoClients,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new CognitoClients({ endpoint: config.COGNITO_ENDPOINT }),
    },
    {
      provide: RedisRequestBudgets,
      inject: [REDIS, APP_CONFIG],
      useFactory: (redis: Redis, config: AppConfig) =>
        new RedisRequestBudgets(redis, {
          scale: config.COGNITO_QUOTA_SCALE,
          quotas: config.COGNITO_QUOTAS,
          keyPrefix: config.QUEUE_PREFIX,
        }),
    },
    {
      provide: TenantReconciler,
      inject: [
        TENANT_STORE,
        DataSource,
        SecretCipher,
        RECONCILE_RUN_STORE,
        CognitoClients,
        AdvisoryLocks,
        RedisRequestBudgets,
        APP_CONFIG,
        WorkerMetrics,
        PinoLogger,
      ],
      useFactory: (
        store: TenantStore,
        dataSource: DataSource,
        secrets: SecretCipher,
        runs: ReconcileRunStore,
        clients: CognitoClients,
        locks: AdvisoryLocks,
        budgets: RedisRequestBudgets,
        config: AppConfig,
        metrics: WorkerMetrics,
        logger: PinoLogger,
      ) =>
        new TenantReconciler(
          store,
          postgresReconcileSources(dataSource, secrets),
          clients,
          locks,
          {
            environment: config.IDPLANE_ENVIRONMENT,
            region: config.AWS_REGION,
            sharedPoolThreatProtection: config.SHARED_POOL_THREAT_PROTECTION,
            sharding: {
              capacity: config.SHARED_POOL_SHARD_CAPACITY,
              minShards: config.SHARED_POOL_MIN_SHARDS,
              identityProviderCapacity: config.SHARED_POOL_IDP_CAPACITY,
              identityProviderReservation: config.SHARED_POOL_IDP_RESERVATION,
            },
          },
          {
            runs,
            budgets,
            onCall: (call) => metrics.recordCall(call),
            log: ({ level, msg, ...fields }) => logger.logger[level](fields, msg),
            identityPools: new IdentityPoolReconciler(
              new PostgresAccessStore(dataSource),
              config.IDPLANE_ENVIRONMENT,
            ),
          },
        ),
    },
    ReconcileWorkerService,
    LifecycleEventsService,
  ],
})
export class WorkerModule {}
