// summary.json of a run (docs/run-format.md): its level summaries and what is read across them — the
// statistics over repeats and the course of a sweep. Written after every level, rebuilt by every report.
import type { LevelSummary, RunSummary } from '../../common/results.js';
import { repeatedLevels } from './repeats.js';
import { sweepOutcome } from './sweep-outcome.js';

export function runSummary(levels: LevelSummary[]): RunSummary {
  const repeats = repeatedLevels(levels);
  const sweep = sweepOutcome(levels);
  return { levels, ...(repeats ? { repeats } : {}), ...(sweep ? { sweep } : {}) };
}
