import type { RedisOptions } from 'bullmq';
import IORedis, { Redis } from 'ioredis';

/**
 * Connection options from a redis:// or rediss:// URL. BullMQ queues and workers get options rather than a client,
 * so that they own their connections and close them on close().
 */
export function redisOptionsFromUrl(url: string): RedisOptions {
  const parsed = new URL(url);
  const db = parsed.pathname.replace(/^\//, '');
  return {
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : 6379,
    username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    db: db ? Number(db) : undefined,
    tls: parsed.protocol === 'rediss:' ? {} : undefined,
  };
}

/** A general-purpose client that fails fast, so a readiness probe reports a Redis outage instead of hanging. */
export function createRedisConnection(url: string, onError: (error: Error) => void = () => undefined): Redis {
  const redis = new IORedis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
  // ioredis reconnects by itself; the listener keeps connection errors from surfacing as unhandled events.
  redis.on('error', onError);
  return redis;
}
