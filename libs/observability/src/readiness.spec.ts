import { runReadinessChecks } from './readiness';

describe('runReadinessChecks', () => {
  it('is ready when every check passes', async () => {
    const result = await runReadinessChecks([{ name: 'postgres', check: async () => undefined }]);
    expect(result).toEqual({ ready: true, checks: { postgres: 'up' }, failing: [] });
  });

  it('names each failing part, including one that hangs past the timeout', async () => {
    const result = await runReadinessChecks(
      [
        { name: 'postgres', check: async () => Promise.reject(new Error('connection refused')) },
        { name: 'redis', check: () => new Promise<void>(() => undefined) },
        { name: 'other', check: async () => undefined },
      ],
      50,
    );
    expect(result).toEqual({
      ready: false,
      checks: { postgres: 'down', redis: 'down', other: 'up' },
      failing: ['postgres', 'redis'],
    });
  });
});
