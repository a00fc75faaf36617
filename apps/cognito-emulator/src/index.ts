import { DEFAULT_SETTINGS, type EmulatorSettings } from './config/emulator-settings';
import { startServer } from './server/emulator-server';

export interface CognitoEmulatorOptions {
  port?: number;
  host?: string;
  accountId?: string;
  stateFile?: string;
}

export interface CognitoEmulatorHandle {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Starts an in-process Cognito emulator (port 0 picks a free port). It does not read the environment, so tests stay
 * deterministic: quotas are off unless `overrides` or the admin API turn them on. A dev script that wants the
 * standalone server's env handling can pass `settingsFromEnv(process.env)` as `overrides`.
 */
export async function startCognitoEmulator(
  options: CognitoEmulatorOptions = {},
  overrides: Partial<EmulatorSettings> = {},
): Promise<CognitoEmulatorHandle> {
  const settings: EmulatorSettings = {
    ...DEFAULT_SETTINGS,
    limits: { ...DEFAULT_SETTINGS.limits },
    ...overrides,
    port: options.port ?? overrides.port ?? 0,
    host: options.host ?? overrides.host ?? DEFAULT_SETTINGS.host,
    accountId: options.accountId ?? overrides.accountId ?? DEFAULT_SETTINGS.accountId,
    stateFile: options.stateFile ?? overrides.stateFile,
  };
  const running = await startServer(settings);
  return { url: running.url, port: running.port, close: running.close };
}

export { settingsFromEnv } from './config/settings-from-env';
export type { EmulatorSettings } from './config/emulator-settings';
export type { FaultRule } from './faults/fault-injector';
export type { ResourceLimits } from './quotas/resource-limits';
