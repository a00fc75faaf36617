/** Latency and failures to inject, per operation or for every operation ('*'). */
export interface FaultRule {
  latencyMs?: number;
  jitterMs?: number;
  /** Probability (0..1) of answering InternalErrorException. */
  errorRate?: number;
  /** Probability (0..1) of answering TooManyRequestsException regardless of quotas. */
  throttleRate?: number;
}

export interface FaultDecision {
  delayMs: number;
  fault?: 'InternalErrorException' | 'TooManyRequestsException';
}

export class FaultInjector {
  private rules: Record<string, FaultRule> = {};

  constructor(private readonly random: () => number = Math.random) {}

  get current(): Record<string, FaultRule> {
    return JSON.parse(JSON.stringify(this.rules)) as Record<string, FaultRule>;
  }

  set(operation: string, rule: FaultRule): void {
    this.rules[operation] = { ...(this.rules[operation] ?? {}), ...rule };
  }

  reset(): void {
    this.rules = {};
  }

  decide(operation: string): FaultDecision {
    const rule: FaultRule = { ...(this.rules['*'] ?? {}), ...(this.rules[operation] ?? {}) };
    const delayMs = (rule.latencyMs ?? 0) + (rule.jitterMs ? this.random() * rule.jitterMs : 0);
    if (rule.throttleRate && this.random() < rule.throttleRate)
      return { delayMs, fault: 'TooManyRequestsException' };
    if (rule.errorRate && this.random() < rule.errorRate) return { delayMs, fault: 'InternalErrorException' };
    return { delayMs };
  }
}
