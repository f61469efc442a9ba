/**
 * A token bucket per partner, in this gateway instance's memory: `burst` requests at once, refilled
 * at `perSecond`. Several instances each allow their own share.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
  ) {}

  /** undefined when allowed, else the seconds to wait (for Retry-After). */
  take(partner: string, now = Date.now()): number | undefined {
    const bucket = this.buckets.get(partner) ?? { tokens: this.burst, at: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond);
    bucket.at = now;
    this.buckets.set(partner, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return undefined;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.perSecond));
  }
}
