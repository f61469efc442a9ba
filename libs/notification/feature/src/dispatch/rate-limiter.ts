import { setTimeout as wait } from 'node:timers/promises';

/**
 * At most `perSecond` takes per second, spaced evenly (a bill run drips into the gateway instead of
 * arriving as one burst). Callers await their slot in the order they asked.
 */
export class RateLimiter {
  private next = 0;
  private readonly spacingMs: number;

  constructor(
    perSecond: number,
    private readonly now: () => number = Date.now,
  ) {
    if (!(perSecond > 0)) throw new RangeError(`rate must be above 0, got ${perSecond}`);
    this.spacingMs = 1000 / perSecond;
  }

  async take(): Promise<void> {
    const now = this.now();
    const slot = Math.max(now, this.next);
    this.next = slot + this.spacingMs;
    if (slot > now) await wait(slot - now);
  }
}
