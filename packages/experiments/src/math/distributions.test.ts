import { describe, expect, it } from 'vitest';
import { chiSquareSf } from './chi-square.js';
import { logGamma } from './gamma.js';
import { normalCdf, normalQuantile } from './normal.js';
import { studentTCdf, studentTQuantile, studentTSf } from './student-t.js';

describe('special functions', () => {
  it('logGamma matches factorials and Γ(1/2) = √π', () => {
    expect(logGamma(1)).toBeCloseTo(0, 14);
    expect(logGamma(11)).toBeCloseTo(Math.log(3628800), 12);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 14);
  });
});

describe('normal distribution', () => {
  it('gives the textbook quantiles and tails', () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 14);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 12);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 14);
    // Far tail keeps relative precision: Φ(−8) ≈ 6.221e−16.
    expect(normalCdf(-8) / 6.22096057427178e-16).toBeCloseTo(1, 10);
  });

  it('inverts its CDF across the range', () => {
    for (const p of [1e-12, 1e-6, 0.01, 0.3, 0.5, 0.77, 0.999, 1 - 1e-9]) {
      expect(normalCdf(normalQuantile(p)) / p).toBeCloseTo(1, 9);
    }
  });
});

describe('Student t distribution', () => {
  it('matches the closed forms for 1 and 2 degrees of freedom', () => {
    for (const t of [-7, -1.3, 0, 0.4, 2, 25]) {
      expect(studentTCdf(t, 1)).toBeCloseTo(0.5 + Math.atan(t) / Math.PI, 13);
      expect(studentTCdf(t, 2)).toBeCloseTo(0.5 + t / (2 * Math.sqrt(2 + t * t)), 13);
    }
  });

  it('gives the printed table values', () => {
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.706204736174698, 9);
    expect(studentTQuantile(0.975, 10)).toBeCloseTo(2.228138851964938, 9);
    expect(studentTQuantile(0.975, 30)).toBeCloseTo(2.042272456301238, 9);
  });

  it('matches the closed forms for 3 and 5 degrees of freedom', () => {
    // F(t) = ½ + (θ + sinθcosθ·(1 + ⅔cos²θ·[df = 5])) / π with θ = atan(t/√df)
    for (const t of [-4, 0.3, 2.015, 9]) {
      const th3 = Math.atan(t / Math.sqrt(3));
      expect(studentTCdf(t, 3)).toBeCloseTo(0.5 + (th3 + Math.sin(th3) * Math.cos(th3)) / Math.PI, 13);
      const th5 = Math.atan(t / Math.sqrt(5));
      const f5 = 0.5 + (th5 + Math.sin(th5) * Math.cos(th5) * (1 + (2 / 3) * Math.cos(th5) ** 2)) / Math.PI;
      expect(studentTCdf(t, 5)).toBeCloseTo(f5, 13);
    }
  });

  it('inverts its CDF for fractional and large df', () => {
    for (const df of [1.5, 3, 7.25, 56.3, 1000, 1e6]) {
      for (const p of [1e-8, 0.001, 0.2, 0.5, 0.9, 0.975, 0.9999]) {
        const t = studentTQuantile(p, df);
        expect(studentTCdf(t, df) / p).toBeCloseTo(1, 9);
      }
    }
  });

  it('approaches the normal distribution as df grows, continuously across the asymptotic switch', () => {
    expect(studentTSf(1.96, 1e9)).toBeCloseTo(normalCdf(-1.96), 8);
    expect(Math.abs(studentTSf(1.96, 1e13) - normalCdf(-1.96))).toBeLessThan(1e-12);
    expect(Math.abs(studentTQuantile(0.975, 1e13) - normalQuantile(0.975))).toBeLessThan(1e-11);
    for (const t of [0.5, 1.96, 4]) {
      expect(studentTSf(t, 999_999.9) / studentTSf(t, 1_000_000.1)).toBeCloseTo(1, 8);
    }
  });
});

describe('chi-square distribution', () => {
  it('matches exp(−x/2) at 2 df and 2(1 − Φ(√x)) at 1 df', () => {
    for (const x of [0.1, 1, 10.303, 40]) {
      expect(chiSquareSf(x, 2) / Math.exp(-x / 2)).toBeCloseTo(1, 12);
      expect(chiSquareSf(x, 1) / (2 * normalCdf(-Math.sqrt(x)))).toBeCloseTo(1, 10);
    }
  });
});
