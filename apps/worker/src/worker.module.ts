import { Module } from '@nestjs/common';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { Redis } from 'ioredis';
import { APP_CONFIG, AppConfig, ConfigModule } from '@idplane/config';
import { CognitoClients } from '@idplane/cognito';
import { Queue } from 'bullmq';
import {
  MessagingModule,
  RECONCILE_QUEUE,
  REDIS,
  redisOptionsFromUrl,
  redisReadiness,
} from '@idplane/messaging';
import { createLoggerModule, ObservabilityModule } from '@idplane/observability';
import { AdvisoryLocks, PersistenceModule, postgresReadiness } from '@idplane/persistence';
import { TenantReconciler } from '@idplane/reconciler';
import { TENANT_STORE, TenantStore } from '@idplane/tenancy';
import { ReconcileWorkerService } from './reconcile-worker.service';
import { WorkerMetrics } from './worker-metrics';

@Module({
  imports: [
    ConfigModule,
    createLoggerModule('worker'),
    PersistenceModule,
    MessagingModule,
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
      provide: WorkerMetrics,
      inject: [Registry],
      useFactory: (registry: Registry) => new WorkerMetrics(registry),
    },
    {
      provide: CognitoClients,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new CognitoClients({ endpoint: config.COGNITO_ENDPOINT }),
    },
    {
      provide: TenantReconciler,
      inject: [TENANT_STORE, CognitoClients, AdvisoryLocks, APP_CONFIG, WorkerMetrics],
      useFactory: (
        store: TenantStore,
        clients: CognitoClients,
        locks: AdvisoryLocks,
        config: AppConfig,
        metrics: WorkerMetrics,
      ) =>
        new TenantReconciler(
          store,
          clients,
          locks,
          { environment: config.IDPLANE_ENVIRONMENT, region: config.AWS_REGION },
          (call) => {
            metrics.cognitoCalls.inc({ operation: call.operation, outcome: call.outcome });
            if (call.attempts > 1)
              metrics.cognitoRetries.inc({ operation: call.operation }, call.attempts - 1);
          },
        ),
    },
    ReconcileWorkerService,
  ],
})
export class WorkerModule {}
