/** Occurrences per key, in first-seen order: refusal reasons, failure codes, channels. */
export class Counts extends Map<string, number> {
  static of<T>(items: Iterable<T>, keyOf: (item: T) => string): Counts {
    const counts = new Counts();
    for (const item of items) counts.add(keyOf(item));
    return counts;
  }

  add(key: string): void {
    this.set(key, (this.get(key) ?? 0) + 1);
  }

  /** "3 INSUFFICIENT_FUNDS, 1 ACCOUNT_CLOSED"; empty when there is nothing. */
  describe(): string {
    return [...this].map(([key, count]) => `${count} ${key}`).join(', ');
  }
}
