import { Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { RedisPubSub } from 'graphql-redis-subscriptions';
import IORedis from 'ioredis';
import { APP_CONFIG, AppConfig } from '@idplane/config';
import { tenantStatusChannel } from '@idplane/messaging';
import { TENANT_STORE, TenantService, TenantStore } from '@idplane/tenancy';
import { TenantResolver } from './tenant.resolver';
import { TENANT_STATUS_PUBSUB, TENANT_STATUS_TRIGGER, TenantStatusResolver } from './tenant-status.resolver';

@Module({
  providers: [
    {
      provide: TenantService,
      inject: [TENANT_STORE],
      useFactory: (store: TenantStore) => new TenantService(store),
    },
    TenantResolver,
    {
      provide: TENANT_STATUS_TRIGGER,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => tenantStatusChannel(config.QUEUE_PREFIX),
    },
    {
      provide: TENANT_STATUS_PUBSUB,
      inject: [APP_CONFIG],
      // Subscribing takes a connection of its own; nothing is published from the api.
      useFactory: (config: AppConfig) =>
        new RedisPubSub({
          subscriber: new IORedis(config.REDIS_URL),
          publisher: new IORedis(config.REDIS_URL, { lazyConnect: true }),
        }),
    },
    TenantStatusResolver,
  ],
  exports: [TenantService],
})
export class TenantsModule implements OnApplicationShutdown {
  constructor(@Inject(TENANT_STATUS_PUBSUB) private readonly pubsub: RedisPubSub) {}

  async onApplicationShutdown(): Promise<void> {
    await this.pubsub.close();
  }
}
