import type { FaultRule } from '../faults/fault-injector';
import type { ResourceLimits } from '../quotas/resource-limits';
import { DEFAULT_SETTINGS, type EmulatorSettings } from './emulator-settings';

type Env = Record<string, string | undefined>;

function number(env: Env, key: string, fallback: number): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new Error(`${key} must be a number, got "${raw}"`);
  return value;
}

const LIMIT_ENV: Record<keyof ResourceLimits, string> = {
  userPoolsPerAccount: 'EMULATOR_LIMIT_USER_POOLS',
  appClientsPerPool: 'EMULATOR_LIMIT_APP_CLIENTS',
  identityProvidersPerPool: 'EMULATOR_LIMIT_IDENTITY_PROVIDERS',
  resourceServersPerPool: 'EMULATOR_LIMIT_RESOURCE_SERVERS',
  groupsPerPool: 'EMULATOR_LIMIT_GROUPS',
  customDomainsPerAccount: 'EMULATOR_LIMIT_CUSTOM_DOMAINS',
  identityPoolsPerAccount: 'EMULATOR_LIMIT_IDENTITY_POOLS',
};

/** `EMULATOR_FAULTS` is JSON: `{"*": {"latencyMs": 5}, "CreateGroup": {"errorRate": 0.1, "throttleRate": 0.05}}`. */
function faults(env: Env): Record<string, FaultRule> {
  const raw = env.EMULATOR_FAULTS;
  if (!raw) return {};
  const parsed = JSON.parse(raw) as unknown;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error('EMULATOR_FAULTS must be a JSON object keyed by operation name or "*"');
  }
  return parsed as Record<string, FaultRule>;
}

/** Reads the standalone server's settings from the environment. */
export function settingsFromEnv(env: Env): EmulatorSettings {
  const limits = { ...DEFAULT_SETTINGS.limits };
  for (const [key, name] of Object.entries(LIMIT_ENV) as [keyof ResourceLimits, string][]) {
    limits[key] = number(env, name, limits[key]);
  }
  const quotas = (env.EMULATOR_QUOTAS ?? 'off').toLowerCase();
  if (!['on', 'off', 'true', 'false', '1', '0'].includes(quotas))
    throw new Error('EMULATOR_QUOTAS must be on or off');
  const errorStatus = env.EMULATOR_ERROR_STATUS || 'wire';
  if (errorStatus !== 'wire' && errorStatus !== 'model')
    throw new Error('EMULATOR_ERROR_STATUS must be wire or model');
  return {
    ...DEFAULT_SETTINGS,
    errorStatus,
    port: number(env, 'EMULATOR_PORT', 9325),
    host: env.EMULATOR_HOST || '127.0.0.1',
    accountId: env.EMULATOR_ACCOUNT_ID || DEFAULT_SETTINGS.accountId,
    stateFile: env.EMULATOR_STATE_FILE || undefined,
    quotasEnabled: ['on', 'true', '1'].includes(quotas),
    quotaScale: number(env, 'EMULATOR_QUOTA_SCALE', 1),
    limits,
    faults: faults(env),
    maxBodyBytes: number(env, 'EMULATOR_MAX_BODY_BYTES', DEFAULT_SETTINGS.maxBodyBytes),
  };
}
