import { redisOptionsFromUrl } from './redis-connection';

describe('redisOptionsFromUrl', () => {
  it('reads host, port, credentials, database and TLS', () => {
    expect(redisOptionsFromUrl('rediss://user:p%40ss@cache.example:6380/2')).toEqual({
      host: 'cache.example',
      port: 6380,
      username: 'user',
      password: 'p@ss',
      db: 2,
      tls: {},
    });
  });

  it('defaults the port and leaves the rest unset', () => {
    expect(redisOptionsFromUrl('redis://127.0.0.1')).toEqual({
      host: '127.0.0.1',
      port: 6379,
      username: undefined,
      password: undefined,
      db: undefined,
      tls: undefined,
    });
  });
});
