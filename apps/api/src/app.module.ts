import { Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { Redis } from 'ioredis';
import { APP_CONFIG, AppConfig, ConfigModule } from '@idplane/config';
import { MessagingModule, REDIS, redisReadiness } from '@idplane/messaging';
import { createLoggerModule, ObservabilityModule } from '@idplane/observability';
import { PersistenceModule, postgresReadiness } from '@idplane/persistence';
import { AccessModule } from './access/access.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { ApiGraphQLModule } from './graphql/api-graphql.module';
import { DomainErrorFilter } from './graphql/domain-error.filter';
import { NulCharacterPipe } from './graphql/nul-character.pipe';
import { IdentityProvidersModule } from './identity-providers/identity-providers.module';
import { TenantsModule } from './tenants/tenants.module';
import { WebhooksModule } from './webhooks/webhooks.module';

@Module({
  imports: [
    ConfigModule,
    createLoggerModule('api'),
    PersistenceModule,
    MessagingModule,
    ObservabilityModule.forRoot({
      service: 'api',
      readinessChecks: {
        inject: [DataSource, REDIS],
        useFactory: (dataSource: DataSource, redis: Redis) => [
          postgresReadiness(dataSource),
          redisReadiness(redis),
        ],
      },
      metricsPort: { inject: [APP_CONFIG], useFactory: (config: AppConfig) => config.METRICS_PORT },
    }),
    ApiGraphQLModule,
    TenantsModule,
    AuthModule,
    AuditModule,
    AccessModule,
    IdentityProvidersModule,
    WebhooksModule,
  ],
  providers: [
    { provide: APP_FILTER, useClass: DomainErrorFilter },
    { provide: APP_PIPE, useClass: NulCharacterPipe },
  ],
})
export class AppModule {}
