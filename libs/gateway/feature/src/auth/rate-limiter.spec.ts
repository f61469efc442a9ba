import { RateLimiter } from './rate-limiter';

describe('per-partner token bucket', () => {
  it('allows the burst, then asks to wait, and refills at the sustained rate', () => {
    const limiter = new RateLimiter(2, 3);
    const t0 = 1_000_000;
    expect([0, 1, 2].map(() => limiter.take('agribank', t0))).toEqual([undefined, undefined, undefined]);
    expect(limiter.take('agribank', t0)).toBe(1);
    expect(limiter.take('vietcombank', t0)).toBeUndefined();
    expect(limiter.take('agribank', t0 + 500)).toBeUndefined();
    expect(limiter.take('agribank', t0 + 500)).toBe(1);
  });
  it('says how many whole seconds to wait at a slow rate', () => {
    const limiter = new RateLimiter(0.1, 1);
    limiter.take('momo', 0);
    expect(limiter.take('momo', 0)).toBe(10);
  });
});
