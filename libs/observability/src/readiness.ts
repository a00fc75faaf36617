export interface ReadinessCheck {
  /** Named in the 503 body when the check fails, e.g. "postgres". */
  name: string;
  check(): Promise<void>;
}

export const READINESS_CHECKS = Symbol('READINESS_CHECKS');

export interface ReadinessResult {
  ready: boolean;
  checks: Record<string, 'up' | 'down'>;
  failing: string[];
}

const withTimeout = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref()),
  ]);

export async function runReadinessChecks(
  checks: ReadinessCheck[],
  timeoutMs = 2_000,
): Promise<ReadinessResult> {
  const outcomes = await Promise.all(
    checks.map(async (c) => {
      try {
        await withTimeout(c.check(), timeoutMs);
        return [c.name, 'up'] as const;
      } catch {
        return [c.name, 'down'] as const;
      }
    }),
  );
  const failing = outcomes.filter(([, state]) => state === 'down').map(([name]) => name);
  return { ready: failing.length === 0, checks: Object.fromEntries(outcomes), failing };
}
