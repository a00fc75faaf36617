import type { ResourceLimits } from '../quotas/resource-limits';
import type { EmulatorState, JsonObject, RegionState } from '../state/state-types';

/** Everything an operation needs; no HTTP in here. */
export interface OperationContext {
  region: string;
  accountId: string;
  state: EmulatorState;
  regionState: RegionState;
  limits: ResourceLimits;
  /** Base URL the caller reached us on, for token issuers (`http://host:port`). */
  baseUrl: string;
  /** Epoch seconds with millisecond precision, as Cognito returns dates. */
  now: number;
}

export type OperationHandler = (ctx: OperationContext, input: JsonObject) => JsonObject | Promise<JsonObject>;

export type OperationTable = Record<string, OperationHandler>;
