import { ErrorCodes, TesseraError } from '@tessera/errors';

/**
 * Token bucket per tenant: `rate` tokens a second, bursts up to `burst`. In-process, so each API
 * replica enforces its share; a shared store can replace it behind the same `take`.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly rate: number,
    private readonly burst = rate * 2,
    private readonly what = 'requests',
  ) {}

  take(tenantId: string, cost = 1): void {
    if (cost > this.burst)
      // No wait would ever let it through: say so, rather than promise a retry that fails again.
      throw new TesseraError(
        ErrorCodes.RateLimited,
        `a request of ${cost} ${this.what} is more than this tenant's burst of ${this.burst}`,
        { hint: `split it into requests of at most ${this.burst} ${this.what}, or ask for a higher limit` },
      );
    const now = performance.now();
    const bucket = this.buckets.get(tenantId) ?? { tokens: this.burst, at: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.rate);
    bucket.at = now;
    this.buckets.set(tenantId, bucket);
    if (bucket.tokens < cost) {
      const waitSeconds = Math.ceil((cost - bucket.tokens) / this.rate);
      throw new TesseraError(
        ErrorCodes.RateLimited,
        `rate limit of ${this.rate} ${this.what}/s exceeded for this tenant`,
        {
          hint: `retry after ${waitSeconds} s, or ask for a higher limit`,
          retriable: true,
          details: { retryAfterSeconds: waitSeconds },
        },
      );
    }
    bucket.tokens -= cost;
  }
}
