import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Redis } from 'ioredis';
import { RATE_CATEGORIES, RateCategoryName, rateCategoryOf } from './cognito-rate-categories';

/** Takes one request from the budgets an operation draws on, waiting until they have room. */
export interface RequestBudget {
  take(operation: string, userPoolId: string | undefined): Promise<void>;
}

export interface RequestBudgetSettings {
  /** Multiplies every quota: below 1 leaves headroom for other callers of the account; above 1 for raised quotas. */
  scale: number;
  /** Raised per-account quotas (requests per second) by category, in place of AWS's defaults; scaled too. */
  quotas?: Partial<Record<RateCategoryName, number>>;
  keyPrefix: string;
  /** Upper bound of the random extra wait, so waiters on one bucket don't retry in lockstep. */
  jitterMs?: number;
}

export const NO_BUDGET: RequestBudget = { take: async () => undefined };

interface Bucket {
  limiter: RateLimiterRedis;
  slotMs: number;
}

/** A category's budget in requests per second: AWS's default or the raised quota, times the scale. */
export function budgetRates(
  category: RateCategoryName,
  settings: Pick<RequestBudgetSettings, 'scale' | 'quotas'>,
): { perAccount: number; perPool: number | null } {
  const quota = RATE_CATEGORIES[category];
  const perAccount = settings.quotas?.[category] ?? quota.perAccount;
  return {
    perAccount: perAccount * settings.scale,
    perPool: quota.perPool === null ? null : quota.perPool * settings.scale,
  };
}

/**
 * Request budgets shared by every worker through Redis: one bucket per quota category per account and region, and
 * per pool for the categories with a per-pool limit (QUOTAS.md). Callers wait for room instead of failing, so
 * Cognito sees at most the quota and throttling stays the exception.
 *
 * The budget is counted in clock-aligned slots of 200 ms (or one request's worth of time, when the rate is below
 * 5/s), not in one-second windows: a full window at the end of one second and another at the start of the next
 * would burst past Cognito's token buckets, which hold only one second's worth.
 */
export class RedisRequestBudgets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly redis: Redis,
    private readonly settings: RequestBudgetSettings,
  ) {}

  forRegion(region: string): RequestBudget {
    return { take: (operation, userPoolId) => this.take(region, operation, userPoolId) };
  }

  private bucket(category: RateCategoryName, scope: 'account' | 'pool'): Bucket {
    const id = `${category}:${scope}`;
    let bucket = this.buckets.get(id);
    if (!bucket) {
      const rates = budgetRates(category, this.settings);
      const perSecond = scope === 'account' ? rates.perAccount : (rates.perPool ?? rates.perAccount);
      const slotMs = perSecond >= 5 ? 200 : Math.ceil(1000 / perSecond);
      const points = Math.max(1, Math.floor((perSecond * slotMs) / 1000));
      bucket = {
        slotMs,
        limiter: new RateLimiterRedis({
          storeClient: this.redis,
          keyPrefix: `${this.settings.keyPrefix}:budget:${id}`,
          points,
          // Each slot has its own key; this only bounds how long a used key lingers.
          duration: Math.max(1, Math.ceil((2 * slotMs) / 1000)),
        }),
      };
      this.buckets.set(id, bucket);
    }
    return bucket;
  }

  private async take(region: string, operation: string, userPoolId: string | undefined): Promise<void> {
    const category = rateCategoryOf(operation);
    if (!category) return;
    await this.wait(this.bucket(category, 'account'), region);
    if (RATE_CATEGORIES[category].perPool !== null && userPoolId)
      await this.wait(this.bucket(category, 'pool'), `${region}:${userPoolId}`);
  }

  private async wait(bucket: Bucket, key: string): Promise<void> {
    for (;;) {
      const slot = Math.floor(Date.now() / bucket.slotMs);
      try {
        await bucket.limiter.consume(`${key}:${slot}`, 1);
        return;
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        const nextSlotAt = (slot + 1) * bucket.slotMs;
        const jitter = Math.random() * (this.settings.jitterMs ?? 20);
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, nextSlotAt - Date.now()) + jitter));
      }
    }
  }
}
