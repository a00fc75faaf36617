import type { FaultRule } from '../faults/fault-injector';
import { DEFAULT_RESOURCE_LIMITS, type ResourceLimits } from '../quotas/resource-limits';

/** Everything the emulator can be started with; env and options both end up here. */
export interface EmulatorSettings {
  port: number;
  host: string;
  accountId: string;
  stateFile?: string;
  quotasEnabled: boolean;
  quotaScale: number;
  limits: ResourceLimits;
  faults: Record<string, FaultRule>;
  maxBodyBytes: number;
  /**
   * 'wire': what Cognito really sends (400 for every client error, 500 for server errors).
   * 'model': the smithy.api#httpError traits (404 ResourceNotFound, 429 TooManyRequests, 403 NotAuthorized, ...).
   */
  errorStatus: 'wire' | 'model';
}

export const DEFAULT_SETTINGS: EmulatorSettings = {
  port: 0,
  host: '127.0.0.1',
  accountId: '123456789012',
  quotasEnabled: false,
  quotaScale: 1,
  limits: { ...DEFAULT_RESOURCE_LIMITS },
  faults: {},
  maxBodyBytes: 1024 * 1024,
  errorStatus: 'wire',
};
