import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { APP_CONFIG, AppConfig } from '@idplane/config';
import { createRedisConnection } from './redis-connection';

export const REDIS = Symbol('REDIS');

/** The process's general-purpose Redis client (readiness, and later pub/sub and rate budgets). */
@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => createRedisConnection(config.REDIS_URL),
    },
  ],
  exports: [REDIS],
})
export class MessagingModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}
