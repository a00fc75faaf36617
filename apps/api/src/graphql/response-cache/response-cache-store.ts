/**
 * Answers by key, all of one generation of the read model: asking with a newer generation empties the store first.
 * Holds at most `maxBytes` of answers, by the size each is stored with; the least recently used go first, and an
 * answer bigger than an eighth of the whole is not kept.
 */
export class ResponseCacheStore<T> {
  private readonly entries = new Map<string, { value: T; bytes: number }>();
  private generation: number | null = null;
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  get(key: string, generation: number): T | undefined {
    if (generation !== this.generation) {
      this.entries.clear();
      this.bytes = 0;
      this.generation = generation;
      return undefined;
    }
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    // Map keeps insertion order: re-inserting marks the entry most recently used.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  /** Keeps an answer read during `generation`, unless the store has moved on from it. */
  set(key: string, generation: number, value: T, bytes: number): void {
    if (generation !== this.generation || bytes > this.maxBytes / 8) return;
    this.remove(key);
    for (const oldest of this.entries.keys()) {
      if (this.bytes + bytes <= this.maxBytes) break;
      this.remove(oldest);
    }
    this.entries.set(key, { value, bytes });
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
