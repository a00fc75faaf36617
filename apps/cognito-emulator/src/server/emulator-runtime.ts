import { CallCounter } from '../admin/call-counter';
import type { EmulatorSettings } from '../config/emulator-settings';
import { OperationDispatcher } from '../dispatch/operation-dispatcher';
import { FaultInjector } from '../faults/fault-injector';
import { EMULATOR_MODEL } from '../model/emulator-model';
import { OPERATIONS } from '../operations/operation-registry';
import { RequestRateLimiter } from '../quotas/request-rate-limiter';
import type { ResourceLimits } from '../quotas/resource-limits';
import { loadStateFile, StateFileWriter } from '../state/state-file';
import { StateStore } from '../state/state-store';

/** The emulator's moving parts, wired once per server. */
export class EmulatorRuntime {
  readonly store = new StateStore();
  readonly calls = new CallCounter();
  readonly faults = new FaultInjector();
  readonly rateLimiter: RequestRateLimiter;
  readonly limits: ResourceLimits;
  readonly dispatcher: OperationDispatcher;
  readonly stateWriter?: StateFileWriter;

  constructor(readonly settings: EmulatorSettings) {
    this.limits = { ...settings.limits };
    this.rateLimiter = new RequestRateLimiter({
      enabled: settings.quotasEnabled,
      scale: settings.quotaScale,
    });
    for (const [operation, rule] of Object.entries(settings.faults)) this.faults.set(operation, rule);
    if (settings.stateFile) {
      const loaded = loadStateFile(settings.stateFile);
      if (loaded) this.store.replace(loaded);
      this.stateWriter = new StateFileWriter(settings.stateFile, () => this.store.state);
    }
    this.dispatcher = new OperationDispatcher({
      model: EMULATOR_MODEL,
      operations: OPERATIONS,
      store: this.store,
      accountId: settings.accountId,
      limits: this.limits,
      rateLimiter: this.rateLimiter,
      faults: this.faults,
      calls: this.calls,
      onMutation: () => this.stateWriter?.schedule(),
    });
  }
}
