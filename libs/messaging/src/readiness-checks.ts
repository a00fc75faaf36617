import { Redis } from 'ioredis';

export const redisReadiness = (redis: Redis) => ({
  name: 'redis',
  check: async () => {
    if ((await redis.ping()) !== 'PONG') throw new Error('unexpected PING reply');
  },
});
