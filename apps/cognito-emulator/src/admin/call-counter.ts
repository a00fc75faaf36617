/** Counts calls per operation and outcome ("ok" or the error name). */
export class CallCounter {
  private counts: Record<string, Record<string, number>> = {};

  record(operation: string, outcome: string): void {
    const perOperation = (this.counts[operation] ??= {});
    perOperation[outcome] = (perOperation[outcome] ?? 0) + 1;
  }

  snapshot(): Record<string, Record<string, number>> {
    return JSON.parse(JSON.stringify(this.counts)) as Record<string, Record<string, number>>;
  }

  reset(): void {
    this.counts = {};
  }
}
