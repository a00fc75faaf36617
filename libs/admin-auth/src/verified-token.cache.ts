/**
 * Claims of tokens that already passed signature and claim checks, until their `exp`. The admin portal sends the
 * same token on every request, and an RS256 verification costs more than the rest of a small query. Bounded: the
 * oldest entry goes first when full. Only verified tokens are ever stored, keyed by the whole token.
 */
export class VerifiedTokenCache {
  private readonly entries = new Map<string, { claims: Record<string, unknown>; expiresAtMs: number }>();

  constructor(
    private readonly maxEntries = 1_000,
    private readonly now: () => number = Date.now,
  ) {}

  get(token: string): Record<string, unknown> | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (this.now() >= entry.expiresAtMs) {
      this.entries.delete(token);
      return undefined;
    }
    return entry.claims;
  }

  set(token: string, claims: Record<string, unknown>): void {
    if (typeof claims.exp !== 'number') return;
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(token, { claims, expiresAtMs: claims.exp * 1000 });
  }
}
