/**
 * Answers by key, all of one generation of the read model: asking with a newer generation empties the store first,
 * and an older one (a request that read its generation before the change) finds nothing. An answer is kept at most
 * `maxAgeMs`, holds `bytes` of the `maxBytes` budget as its owner estimates them, and the least recently used goes
 * first; one bigger than an eighth of the budget is not kept.
 */
export class ResponseCacheStore<T> {
  private readonly entries = new Map<string, { value: T; bytes: number; storedAt: number }>();
  private generation = -Infinity;
  private bytes = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly maxAgeMs: number,
  ) {}

  get(key: string, generation: number, now: number): T | undefined {
    if (generation < this.generation) return undefined;
    if (generation > this.generation) {
      this.entries.clear();
      this.bytes = 0;
      this.generation = generation;
      return undefined;
    }
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.remove(key);
    if (now - entry.storedAt > this.maxAgeMs) return undefined;
    // Map keeps insertion order: re-inserting marks the entry most recently used.
    this.entries.set(key, entry);
    this.bytes += entry.bytes;
    return entry.value;
  }

  /** Keeps an answer read during `generation`, unless the store has moved on from it. */
  set(key: string, generation: number, value: T, bytes: number, now: number): void {
    if (generation !== this.generation || bytes > this.maxBytes / 8) return;
    this.remove(key);
    for (const oldest of this.entries.keys()) {
      if (this.bytes + bytes <= this.maxBytes) break;
      this.remove(oldest);
    }
    this.entries.set(key, { value, bytes, storedAt: now });
    this.bytes += bytes;
  }

  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }
}
