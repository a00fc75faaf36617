import { settingsFromEnv } from './settings-from-env';

describe('settingsFromEnv', () => {
  it('uses the documented defaults', () => {
    const settings = settingsFromEnv({});
    expect(settings).toMatchObject({
      port: 9325,
      host: '127.0.0.1',
      quotasEnabled: false,
      quotaScale: 1,
      errorStatus: 'wire',
      faults: {},
    });
    expect(settings.limits.appClientsPerPool).toBe(1000);
    expect(settings.stateFile).toBeUndefined();
  });

  it('reads every variable', () => {
    const settings = settingsFromEnv({
      EMULATOR_PORT: '0',
      EMULATOR_HOST: '0.0.0.0',
      EMULATOR_QUOTAS: 'on',
      EMULATOR_QUOTA_SCALE: '0.5',
      EMULATOR_STATE_FILE: '/tmp/x.json',
      EMULATOR_LIMIT_GROUPS: '5',
      EMULATOR_FAULTS: '{"*": {"latencyMs": 3}}',
      EMULATOR_ERROR_STATUS: 'model',
    });
    expect(settings).toMatchObject({
      port: 0,
      host: '0.0.0.0',
      quotasEnabled: true,
      quotaScale: 0.5,
      stateFile: '/tmp/x.json',
      faults: { '*': { latencyMs: 3 } },
      errorStatus: 'model',
    });
    expect(settings.limits.groupsPerPool).toBe(5);
  });

  it('refuses bad values', () => {
    expect(() => settingsFromEnv({ EMULATOR_PORT: 'abc' })).toThrow(/EMULATOR_PORT/);
    expect(() => settingsFromEnv({ EMULATOR_QUOTAS: 'maybe' })).toThrow(/EMULATOR_QUOTAS/);
    expect(() => settingsFromEnv({ EMULATOR_FAULTS: '[1]' })).toThrow(/EMULATOR_FAULTS/);
    expect(() => settingsFromEnv({ EMULATOR_ERROR_STATUS: 'x' })).toThrow(/EMULATOR_ERROR_STATUS/);
  });
});
