import IORedis, { Redis } from 'ioredis';

/**
 * BullMQ workers need maxRetriesPerRequest null, so blocking commands wait out Redis reconnects instead of failing.
 * Other clients fail fast, so a readiness probe reports a Redis outage instead of hanging.
 */
export function createRedisConnection(
  url: string,
  options: { forWorker?: boolean; onError?: (error: Error) => void } = {},
): Redis {
  const redis = new IORedis(url, {
    maxRetriesPerRequest: options.forWorker ? null : 1,
    enableOfflineQueue: options.forWorker ?? false,
  });
  // ioredis reconnects by itself; the listener keeps connection errors from surfacing as unhandled events.
  redis.on('error', options.onError ?? (() => undefined));
  return redis;
}
