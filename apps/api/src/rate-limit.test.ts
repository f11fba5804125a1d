import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limit.js';

/** What `take` threw, or undefined. */
function refusalOf(take: () => void): unknown {
  try {
    take();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('RateLimiter', () => {
  it('lets a burst through, then refuses with the wait until enough tokens are back', () => {
    const limiter = new RateLimiter(100, 200, 'events');
    limiter.take('t', 150);
    expect(refusalOf(() => limiter.take('t', 100))).toMatchObject({
      code: 'RATE_LIMITED',
      retriable: true,
      details: { retryAfterSeconds: 1 },
    });
    // Another tenant has its own bucket.
    expect(() => limiter.take('other', 200)).not.toThrow();
  });

  it('says when a request can never fit the burst, instead of promising a retry', () => {
    const limiter = new RateLimiter(1000, 2000, 'events');
    const refused = refusalOf(() => limiter.take('t', 5000));
    expect(refused).toMatchObject({
      code: 'RATE_LIMITED',
      retriable: false,
      message: "a request of 5000 events is more than this tenant's burst of 2000",
    });
    expect((refused as { details?: unknown }).details).toBeUndefined();
    expect(() => limiter.take('t', 2000)).not.toThrow();
  });
});
