/**
 * Small seeded PRNG for simulations and property tests (not for assignment, which is hashing).
 * sfc32 (Chris Doty-Humphrey's Small Fast Counting generator) passes PractRand to terabytes and
 * runs on 32-bit integer ops only, which keeps the 100M-draw benchmark fast in JavaScript.
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spareNormal: number | undefined;

  constructor(seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 15; i++) this.nextUint32(); // mix the seed into all four words
  }

  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  uniform(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Standard normal by the Box–Muller transform (pairs cached). */
  normal(): number {
    if (this.spareNormal !== undefined) {
      const z = this.spareNormal;
      this.spareNormal = undefined;
      return z;
    }
    const u = 1 - this.uniform(); // (0, 1], keeps log finite
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /**
   * Exact Binomial(n, p) by sequential inversion of the CDF, P(k+1)/P(k) = (n−k)p/((k+1)q).
   * Costs about n·min(p, q) steps; n is split into chunks whose P(0) = qᵐ stays above the
   * double-precision underflow limit, since a sum of binomials with equal p is binomial.
   */
  binomial(n: number, p: number): number {
    if (p <= 0 || n <= 0) return 0;
    if (p >= 1) return n;
    if (p > 0.5) return n - this.binomial(n, 1 - p);
    const q = 1 - p;
    const chunk = Math.max(1, Math.floor(600 / -Math.log(q)));
    let total = 0;
    for (let left = n; left > 0; left -= chunk) {
      const m = Math.min(chunk, left);
      const s = p / q;
      const a = (m + 1) * s;
      let r = q ** m;
      let u = this.uniform();
      let k = 0;
      while (u > r && k < m) {
        u -= r;
        k++;
        r *= a / k - s;
      }
      total += k;
    }
    return total;
  }
}
