import type { LevelSummary } from '../../common/results.js';
import { fixed, MISSING } from './cells.js';

/**
 * The energy table every report shows, as plain text cells: a level without power samples shows
 * MISSING, never 0 J. The sampler's name (last column) is the only text from outside; callers escape it
 * for their format.
 */
export function energyTableCells(levels: readonly LevelSummary[]): { headers: string[]; rows: string[][] } {
  return {
    headers: ['Parallel', 'GPU energy (J)', 'Avg GPU power (W)', 'J/token', 'Tokens/J', 'CPU+GPU+ANE J/token', 'Samples', 'Source'],
    rows: levels.map((l) => {
      const e = l.energy;
      return [
        String(l.concurrency),
        fixed(e?.joules, 1),
        fixed(e?.watts, 1),
        fixed(e?.joulesPerToken, 3),
        fixed(e?.tokensPerJoule, 2),
        fixed(e?.combinedJoulesPerToken, 3),
        e ? String(e.samples) : MISSING,
        e ? e.source : MISSING,
      ];
    }),
  };
}
