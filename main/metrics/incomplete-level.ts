// A level that did not run to its end says nothing about the load it was meant to put on the server: the
// killed run's requests in flight left no record (the ones that waited in a queue are exactly those), and
// a cancelled level stopped early. The verdict and the parallelism finding judge only complete levels and
// say why they left one out.
import { levelOutcomes } from '../../common/level-outcomes.js';
import type { LevelSummary } from '../../common/results.js';

/** Why `level` is not judged (one clause, e.g. "the run was killed during it: 4 sent, 2 finished, 2 lost in flight"), or null. */
export function incompleteReason(level: LevelSummary): string | null {
  const { sent, cancelled, lost } = levelOutcomes(level);
  if (level.interrupted) {
    return sent === null || lost === null
      ? `the run was killed during it: ${level.requests} finished, how many were sent is not recorded`
      : `the run was killed during it: ${sent} sent, ${level.requests} finished, ${lost} lost in flight`;
  }
  if (cancelled > 0) return `the run was cancelled during it: ${cancelled} of ${level.requests} requests cancelled`;
  return null;
}

/** "4 parallel not judged (the run was killed during it: …)": how a finding names a level it left out. */
export function notJudgedNote(level: LevelSummary, reason: string): string {
  return `${level.concurrency} parallel not judged (${reason})`;
}
