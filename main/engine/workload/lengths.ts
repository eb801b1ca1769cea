// Lengths drawn per request (`--input-tokens N:SD`, `--max-tokens N:SD`): a normal distribution around
// the mean, rounded, never below 1. Pure and seeded, so `--seed` replays every length of a run.
import type { LengthSpec } from '../../../common/run-config.js';

/**
 * One length: `round(mean + sd · z)`, at least 1, where z is a standard normal draw (Box–Muller from two
 * uniforms of `random`, which must give values in [0, 1)). With sd 0 it is the mean and draws nothing.
 */
export function drawLength(spec: LengthSpec, random: () => number): number {
  if (spec.sd === 0) return spec.mean;
  const u1 = random();
  const u2 = random();
  const z = Math.sqrt(-2 * Math.log1p(-u1)) * Math.cos(2 * Math.PI * u2);
  return Math.max(1, Math.round(spec.mean + spec.sd * z));
}
