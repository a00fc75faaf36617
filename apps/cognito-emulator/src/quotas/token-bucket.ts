/** A token bucket refilled continuously at `ratePerSecond`, holding at most `capacity` tokens. */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly capacity: number,
    nowMs: number,
  ) {
    this.tokens = capacity;
    this.updatedAt = nowMs;
  }

  available(nowMs: number): number {
    const elapsed = Math.max(0, nowMs - this.updatedAt) / 1000;
    this.tokens = Math.min(this.capacity, this.tokens + elapsed * this.ratePerSecond);
    this.updatedAt = nowMs;
    return this.tokens;
  }

  take(): void {
    this.tokens -= 1;
  }
}
