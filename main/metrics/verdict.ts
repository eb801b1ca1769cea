// The verdict (docs/reports.md § The HTML report): with the user's thresholds, the largest
// concurrency that meets each and both, and what a token costs in energy there. Pure, so the CLI
// reports and the app compute the same answer.
import { DEFAULT_THRESHOLDS, VERDICT_STATISTICS, type LevelVerdict, type Verdict, type VerdictThresholds } from '../../common/findings.js';
import { levelOutcomes } from '../../common/level-outcomes.js';
import type { EnergySummary, LevelSummary } from '../../common/results.js';
import { incompleteReason } from './incomplete-level.js';

/**
 * A level meets a threshold only if none of its requests failed: a failed request waited forever and
 * decoded nothing, so a level with errors meets neither. A level that did not run to its end (a killed or
 * cancelled run's last level, main/metrics/incomplete-level.ts) is not judged and meets neither.
 */
export function judgeLevel(level: LevelSummary, thresholds: VerdictThresholds): LevelVerdict {
  const waitMs = level.ok > 0 && level.ttftMs ? level.ttftMs[VERDICT_STATISTICS.wait] : null;
  const tokensPerSecond = level.ok > 0 && level.tokensPerSecond ? level.tokensPerSecond[VERDICT_STATISTICS.speed] : null;
  const { failed } = levelOutcomes(level);
  const notJudged = incompleteReason(level);
  const clean = notJudged === null && failed === 0 && level.requests > 0;
  return {
    concurrency: level.concurrency,
    waitMs,
    tokensPerSecond,
    errors: failed,
    meetsWait: clean && waitMs !== null && waitMs <= thresholds.maxWaitMs,
    meetsSpeed: clean && tokensPerSecond !== null && tokensPerSecond >= thresholds.minTokensPerSecond,
    energy: level.energy ?? null,
    notJudged,
  };
}

export function computeVerdict(levels: readonly LevelSummary[], thresholds: VerdictThresholds = DEFAULT_THRESHOLDS): Verdict {
  const judged = [...levels].sort((a, b) => a.concurrency - b.concurrency).map((l) => judgeLevel(l, thresholds));
  const both = largestPassing(judged, (l) => l.meetsWait && l.meetsSpeed);
  let mostEfficient: Verdict['mostEfficient'] = null;
  for (const l of judged) {
    const jpt = l.energy?.joulesPerToken;
    if (jpt === null || jpt === undefined || !Number.isFinite(jpt)) continue;
    if (!mostEfficient || jpt < mostEfficient.joulesPerToken) mostEfficient = { concurrency: l.concurrency, joulesPerToken: jpt };
  }
  return {
    thresholds,
    levels: judged,
    maxConcurrencyForWait: largestPassing(judged, (l) => l.meetsWait),
    maxConcurrencyForSpeed: largestPassing(judged, (l) => l.meetsSpeed),
    maxConcurrencyForBoth: both,
    energyAtBoth: both === null ? null : (judged.find((l) => l.concurrency === both)?.energy ?? null),
    mostEfficient,
  };
}

/** The last level of the passing run that starts at the smallest level; a level not judged ends the run too. */
function largestPassing(levels: readonly LevelVerdict[], passes: (level: LevelVerdict) => boolean): number | null {
  let largest: number | null = null;
  for (const level of levels) {
    if (level.notJudged !== null || !passes(level)) break;
    largest = level.concurrency;
  }
  return largest;
}
