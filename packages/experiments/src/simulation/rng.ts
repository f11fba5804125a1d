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

  /** Exact Binomial(n, p) as a sum of Bernoulli draws against a 32-bit threshold. */
  binomial(n: number, p: number): number {
    const threshold = p * 4294967296;
    let k = 0;
    for (let i = 0; i < n; i++) if (this.nextUint32() < threshold) k++;
    return k;
  }
}
