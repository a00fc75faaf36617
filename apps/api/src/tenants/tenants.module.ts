import { Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { RedisPubSub } from 'graphql-redis-subscriptions';
import IORedis from 'ioredis';
import { APP_CONFIG, AppConfig } from '@idplane/config';
import { PlanPreviewClient, tenantStatusChannel } from '@idplane/messaging';
import { TENANT_STORE, TenantService, TenantStore } from '@idplane/tenancy';
import { TenantLifecycleResolver } from './tenant-lifecycle.resolver';
import { SharedPoolShardResolver } from './shared-pool-shard.resolver';
import { TenantResolver } from './tenant.resolver';
import { TENANT_STATUS_PUBSUB, TENANT_STATUS_TRIGGER, TenantStatusResolver } from './tenant-status.resolver';

@Module({
  providers: [
    {
      provide: TenantService,
      inject: [TENANT_STORE, APP_CONFIG],
      useFactory: (store: TenantStore, config: AppConfig) =>
        new TenantService(store, {
          defaultRegion: config.AWS_REGION,
          sharedPoolShardCapacity: config.SHARED_POOL_SHARD_CAPACITY,
          sharedPoolIdentityProviderCapacity: config.SHARED_POOL_IDP_CAPACITY,
          sharedPoolThreatProtection: config.SHARED_POOL_THREAT_PROTECTION,
        }),
    },
    TenantResolver,
    SharedPoolShardResolver,
    TenantLifecycleResolver,
    {
      provide: PlanPreviewClient,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new PlanPreviewClient(config.REDIS_URL, config.QUEUE_PREFIX),
    },
    {
      provide: TENANT_STATUS_TRIGGER,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => tenantStatusChannel(config.QUEUE_PREFIX),
    },
    {
      provide: TENANT_STATUS_PUBSUB,
      inject: [APP_CONFIG],
      // Subscribing takes a connection of its own; nothing is published from the api.
      useFactory: (config: AppConfig) => {
        const subscriber = new IORedis(config.REDIS_URL);
        const publisher = new IORedis(config.REDIS_URL, { lazyConnect: true });
        // ioredis reconnects by itself; readiness reports a Redis outage, these listeners keep it off the console.
        for (const client of [subscriber, publisher]) client.on('error', () => undefined);
        return new RedisPubSub({ subscriber, publisher });
      },
    },
    TenantStatusResolver,
  ],
  exports: [TenantService],
})
export class TenantsModule implements OnApplicationShutdown {
  constructor(
    @Inject(TENANT_STATUS_PUBSUB) private readonly pubsub: RedisPubSub,
    @Inject(PlanPreviewClient) private readonly planPreview: PlanPreviewClient,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.planPreview.close();
    await this.pubsub.close();
  }
}
