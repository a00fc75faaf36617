import { Module } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { PinoLogger } from 'nestjs-pino';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@idplane/config';
import {
  IdentityProviderService,
  IdpCertificateMonitor,
  parseFetchAllowlist,
  SafeFetcher,
  SamlMetadataRefresher,
} from '@idplane/federation';
import { IDP_MAINTENANCE_QUEUE, publishTenantStatus, REDIS, redisOptionsFromUrl } from '@idplane/messaging';
import { PostgresIdentityProviderStore, PostgresIdpMonitoringStore } from '@idplane/persistence';
import { SecretCipher, SecretsModule } from '@idplane/secrets';
import { TENANT_STORE, TenantStore } from '@idplane/tenancy';
import { IdpMaintenanceMetrics } from './idp-maintenance-metrics';
import { IdpMaintenanceProcessor } from './idp-maintenance.processor';
import { IDP_MAINTENANCE_QUEUE_TOKEN, IdpMaintenanceService } from './idp-maintenance.service';

/** The scheduled IdP jobs: certificate expiry checks and metadata refreshes. */
@Module({
  imports: [SecretsModule],
  providers: [
    {
      provide: IDP_MAINTENANCE_QUEUE_TOKEN,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        new Queue(IDP_MAINTENANCE_QUEUE, {
          connection: redisOptionsFromUrl(config.REDIS_URL),
          prefix: config.QUEUE_PREFIX,
        }),
    },
    {
      provide: IdpMaintenanceMetrics,
      inject: [Registry],
      useFactory: (registry: Registry) => new IdpMaintenanceMetrics(registry),
    },
    {
      provide: IdpMaintenanceProcessor,
      inject: [DataSource, SecretCipher, APP_CONFIG, IdpMaintenanceMetrics, PinoLogger, TENANT_STORE, REDIS],
      useFactory: (
        dataSource: DataSource,
        cipher: SecretCipher,
        config: AppConfig,
        metrics: IdpMaintenanceMetrics,
        logger: PinoLogger,
        tenants: TenantStore,
        redis: Redis,
      ) => {
        const monitoring = new PostgresIdpMonitoringStore(dataSource);
        // The same service, fetch policy and write path as the api's updateIdentityProvider.
        const providers = new IdentityProviderService(
          new PostgresIdentityProviderStore(dataSource, {
            sharedPoolIdentityProviderLimit: config.SHARED_POOL_IDP_LIMIT,
          }),
          cipher,
          new SafeFetcher({
            allowHttp: config.IDP_FETCH_ALLOW_HTTP,
            allowlist: parseFetchAllowlist(config.IDP_FETCH_ALLOWLIST),
          }),
          { allowHttp: config.IDP_FETCH_ALLOW_HTTP, expiryWarningDays: config.IDP_CERT_EXPIRY_WARNING_DAYS },
        );
        return new IdpMaintenanceProcessor(
          new IdpCertificateMonitor(monitoring, { warningDays: config.IDP_CERT_EXPIRY_WARNING_DAYS }),
          new SamlMetadataRefresher(monitoring, providers),
          metrics,
          logger.logger.child({ context: 'IdpMaintenance' }),
          async (tenantId) => {
            const tenant = await tenants.findById(tenantId);
            if (!tenant) return;
            await publishTenantStatus(redis, config.QUEUE_PREFIX, {
              tenantId,
              status: tenant.status,
              generation: tenant.generation,
              observedGeneration: tenant.observedGeneration,
              conditions: tenant.conditions,
              at: new Date().toISOString(),
            });
          },
        );
      },
    },
    IdpMaintenanceService,
  ],
})
export class IdpMaintenanceModule {}
