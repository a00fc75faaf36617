import { RATE_CATEGORIES, categoryOf } from './rate-categories';
import { TokenBucket } from './token-bucket';

export interface RateLimiterSettings {
  enabled: boolean;
  scale: number;
}

export interface RateRequest {
  operation: string;
  accountId: string;
  region: string;
  userPoolId?: string;
}

/**
 * Per-account and per-pool token buckets. Both must have a token for a call to pass; a refused call consumes
 * nothing, so a throttled client does not dig itself deeper.
 */
export class RequestRateLimiter {
  private buckets = new Map<string, TokenBucket>();

  constructor(private settings: RateLimiterSettings) {}

  get current(): RateLimiterSettings {
    return { ...this.settings };
  }

  configure(settings: Partial<RateLimiterSettings>): void {
    this.settings = { ...this.settings, ...settings };
    this.buckets.clear();
  }

  tryAcquire(request: RateRequest, nowMs: number): boolean {
    if (!this.settings.enabled) return true;
    const categoryName = categoryOf(request.operation);
    const category = categoryName ? RATE_CATEGORIES[categoryName] : undefined;
    if (!categoryName || !category) return true;
    const buckets = [
      this.bucket(`${request.accountId}/${request.region}/${categoryName}`, category.perAccount, nowMs),
    ];
    if (category.perPool !== null && request.userPoolId) {
      buckets.push(
        this.bucket(`${request.region}/${request.userPoolId}/${categoryName}`, category.perPool, nowMs),
      );
    }
    if (buckets.some((b) => b.available(nowMs) < 1)) return false;
    for (const b of buckets) b.take();
    return true;
  }

  private bucket(key: string, rate: number, nowMs: number): TokenBucket {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      const scaled = Math.max(rate * this.settings.scale, 0.001);
      bucket = new TokenBucket(scaled, Math.max(1, scaled), nowMs);
      this.buckets.set(key, bucket);
    }
    return bucket;
  }
}
