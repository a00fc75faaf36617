import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { RateLimitedError } from '@idplane/errors';

/**
 * Mutations per actor per minute, counted in Redis so every api replica shares one budget. If Redis fails, a
 * per-process memory limiter stands in rather than letting mutations through unlimited.
 */
export class MutationRateLimiter {
  private readonly limiter: RateLimiterRedis;

  constructor(redis: Redis, keyPrefix: string, perMinute: number) {
    this.limiter = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${keyPrefix}:ratelimit:mutations`,
      points: perMinute,
      duration: 60,
      insuranceLimiter: new RateLimiterMemory({ points: perMinute, duration: 60 }),
    });
  }

  async consume(actorKey: string): Promise<void> {
    try {
      await this.limiter.consume(actorKey);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) {
        const retryAfterSeconds = Math.ceil(rejection.msBeforeNext / 1000);
        throw new RateLimitedError(`too many changes; retry in ${retryAfterSeconds} s`, retryAfterSeconds);
      }
      throw rejection;
    }
  }
}
