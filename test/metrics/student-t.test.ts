import { describe, expect, it } from 'vitest';
import { incompleteBeta, lnGamma, studentTCdf, studentTQuantile, studentTTwoSided } from '../../main/metrics/student-t.js';

/** |actual − expected| ≤ rel · |expected|: our numerics against scipy's to ~13 significant digits. */
function expectClose(actual: number, expected: number, rel = 1e-12): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));
}

describe('studentTQuantile (scipy.stats.t.ppf)', () => {
  it.each([
    // The 95 % two-sided critical values of a t-table, to full precision (scipy 1.17).
    { p: 0.975, df: 3, expected: 3.1824463052837078 },
    { p: 0.975, df: 4, expected: 2.7764451051977934 },
    { p: 0.975, df: 9, expected: 2.262157162798205 },
    { p: 0.975, df: 29, expected: 2.045229642132703 },
    { p: 0.975, df: 1000, expected: 1.9623390808264083 },
    { p: 0.95, df: 5, expected: 2.0150483733330233 },
    { p: 0.995, df: 10, expected: 3.16927267261695 },
    { p: 0.9995, df: 1, expected: 636.6192487687897 },
    // Welch's test gives fractional degrees of freedom.
    { p: 0.975, df: 2.5, expected: 3.5746548420036817 },
  ])('t($p, df=$df) = $expected', ({ p, df, expected }) => {
    expectClose(studentTQuantile(p, df), expected);
    expectClose(studentTQuantile(1 - p, df), -expected);
  });

  it('matches the closed forms for 1 and 2 degrees of freedom', () => {
    for (const p of [0.6, 0.9, 0.975, 0.99]) {
      expectClose(studentTQuantile(p, 1), Math.tan(Math.PI * (p - 0.5))); // Cauchy
      expectClose(studentTQuantile(p, 2), (2 * p - 1) / Math.sqrt(2 * p * (1 - p)));
    }
  });

  it('is 0 at the median and rejects p outside (0, 1) and df ≤ 0', () => {
    expect(studentTQuantile(0.5, 7)).toBe(0);
    expect(() => studentTQuantile(0, 5)).toThrow(RangeError);
    expect(() => studentTQuantile(1, 5)).toThrow(RangeError);
    expect(() => studentTQuantile(0.9, 0)).toThrow(RangeError);
    expect(() => studentTQuantile(0.9, Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});

describe('studentTTwoSided (2 · scipy.stats.t.sf(|t|, df))', () => {
  it.each([
    { t: 2, df: 5, expected: 0.10193947882985835 },
    { t: 10, df: 3, expected: 0.0021283990584141503 },
    { t: -0.5, df: 12.7, expected: 0.6256260038138604 },
    { t: 40, df: 20, expected: 1.457469655431075e-20 },
  ])('p(|T| ≥ $t; df=$df) = $expected', ({ t, df, expected }) => {
    expectClose(studentTTwoSided(t, df), expected, 1e-11);
  });

  it('is 1 at 0 and 0 at infinity; the CDF is its one-sided half', () => {
    expect(studentTTwoSided(0, 4)).toBe(1);
    expect(studentTTwoSided(Number.NEGATIVE_INFINITY, 4)).toBe(0);
    expectClose(studentTCdf(2, 5), 1 - 0.10193947882985835 / 2);
    expectClose(studentTCdf(-2, 5), 0.10193947882985835 / 2, 1e-11);
  });
});

describe('special functions', () => {
  it('lnGamma: ln((n−1)!) and ln Γ(1/2) = ln √π', () => {
    expect(Math.abs(lnGamma(1))).toBeLessThan(1e-14); // Γ(1) = 1
    expectClose(lnGamma(5), Math.log(24), 1e-14);
    expectClose(lnGamma(0.5), 0.5 * Math.log(Math.PI), 1e-14);
    expectClose(lnGamma(0.1), 2.252712651734206, 1e-13); // scipy.special.gammaln(0.1)
  });

  it('incompleteBeta: I_x(1, 1) = x, I_x(a, 1) = x^a, and its ends', () => {
    expectClose(incompleteBeta(0.3, 1, 1), 0.3, 1e-14);
    expectClose(incompleteBeta(0.7, 3, 1), 0.7 ** 3, 1e-13);
    expect(incompleteBeta(0, 2, 3)).toBe(0);
    expect(incompleteBeta(1, 2, 3)).toBe(1);
    expect(() => incompleteBeta(1.5, 2, 3)).toThrow(RangeError);
  });
});
