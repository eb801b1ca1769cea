// The verdict (docs/reports.md § The HTML report): with the user's thresholds, the largest
// concurrency (or request rate) that meets each and both, what a token costs in energy there, and for a
// sweep the rate the server sustains; goodput's best level. Pure, so the CLI reports and the app compute
// the same answer.
import { DEFAULT_THRESHOLDS, VERDICT_STATISTICS, type LevelVerdict, type Verdict, type VerdictThresholds } from '../../common/findings.js';
import { levelOutcomes } from '../../common/level-outcomes.js';
import { compareLevels, groupBy, levelDescription, levelLabel, onlyConcurrencyLevels, planLevelKey } from '../../common/levels.js';
import type { EnergySummary, LevelSummary } from '../../common/results.js';
import { defaultSlo, type Slo } from '../../common/slo.js';
import { incompleteReason } from './incomplete-level.js';
import { sweepOutcome } from './sweep-outcome.js';

/**
 * A level meets a threshold only if none of its requests failed: a failed request waited forever and
 * decoded nothing, so a level with errors meets neither. Nor does a saturated rate level. A level that did
 * not run to its end (a killed or cancelled run's last level, main/metrics/incomplete-level.ts) is not
 * judged and meets neither; cancelled requests are not errors (common/level-outcomes.ts).
 */
export function judgeLevel(level: LevelSummary, thresholds: VerdictThresholds): LevelVerdict {
  return judgeRepeats([level], thresholds);
}

/**
 * One level of the plan over its repeats (one summary when the run was not repeated). It must hold in
 * every repeat: the wait is judged at the worst repeat's TTFT p95, the speed at the slowest repeat's p5,
 * and any error in any repeat disqualifies it.
 */
function judgeRepeats(repeats: readonly LevelSummary[], thresholds: VerdictThresholds): LevelVerdict {
  const first = repeats[0];
  let waitMs: number | null = null;
  let tokensPerSecond: number | null = null;
  let errors = 0;
  let requests = 0;
  let missing = false;
  let notJudged: string | null = null;
  for (const level of repeats) {
    notJudged ??= incompleteReason(level);
    const wait = level.ok > 0 && level.ttftMs ? level.ttftMs[VERDICT_STATISTICS.wait] : null;
    const speed = level.ok > 0 && level.tokensPerSecond ? level.tokensPerSecond[VERDICT_STATISTICS.speed] : null;
    if (wait === null || speed === null) missing = true;
    if (wait !== null) waitMs = waitMs === null ? wait : Math.max(waitMs, wait);
    if (speed !== null) tokensPerSecond = tokensPerSecond === null ? speed : Math.min(tokensPerSecond, speed);
    errors += levelOutcomes(level).failed;
    requests += level.requests;
  }
  // A saturated rate level served a growing backlog, not its rate: what it measured does not hold.
  const saturated = repeats.some((l) => l.saturation?.saturated === true);
  const clean = notJudged === null && errors === 0 && requests > 0 && !saturated;
  const verdict: LevelVerdict = {
    concurrency: first.concurrency,
    waitMs,
    tokensPerSecond,
    errors,
    meetsWait: clean && waitMs !== null && waitMs <= thresholds.maxWaitMs && !(missing && repeats.length > 1),
    meetsSpeed: clean && tokensPerSecond !== null && tokensPerSecond >= thresholds.minTokensPerSecond && !(missing && repeats.length > 1),
    energy: repeats.length === 1 ? (first.energy ?? null) : null,
    notJudged,
  };
  if (!onlyConcurrencyLevels([first]) || repeats.length > 1) verdict.label = levelLabel(first);
  if (first.rate !== undefined) verdict.rate = first.rate;
  if (repeats.length > 1) verdict.repeats = repeats.length;
  if (saturated) verdict.saturated = true;
  const goodput = repeats.map((l) => l.goodput).filter((g) => g !== undefined);
  if (goodput.length > 0) {
    const judged = goodput.reduce((sum, g) => sum + g.requests, 0);
    verdict.goodShare = judged > 0 ? goodput.reduce((sum, g) => sum + g.good, 0) / judged : null;
    verdict.goodputRequestsPerSecond = goodput.reduce((sum, g) => sum + g.goodputRequestsPerSecond, 0) / goodput.length;
  }
  return verdict;
}

/**
 * `slo` is what goodput was judged by (recorded in the verdict for its readers); default the thresholds'.
 * Concurrency levels (burst, sustained) are judged in increasing concurrency, rate levels in increasing
 * rate; a sweep's synchronous and max-throughput levels only measure, so they answer neither question.
 */
export function computeVerdict(levels: readonly LevelSummary[], thresholds: VerdictThresholds = DEFAULT_THRESHOLDS, slo?: Slo): Verdict {
  const groups = planLevels(levels);
  const judged = groups.map((group) => ({ summary: group[0], verdict: judgeRepeats(group, thresholds) }));
  const concurrencyLevels = judged.filter(({ summary }) => summary.mode !== 'rate' && summary.sweep === undefined).sort((a, b) => a.summary.concurrency - b.summary.concurrency);
  const rateLevels = judged.filter(({ summary }) => summary.mode === 'rate').sort((a, b) => (a.summary.rate ?? 0) - (b.summary.rate ?? 0));
  const byConcurrency = concurrencyLevels.map((j) => j.verdict);
  const both = largestPassing(byConcurrency, (l) => l.meetsWait && l.meetsSpeed);
  let mostEfficient: Verdict['mostEfficient'] = null;
  for (const { verdict: l } of judged) {
    const jpt = l.energy?.joulesPerToken;
    if (jpt === null || jpt === undefined || !Number.isFinite(jpt)) continue;
    if (!mostEfficient || jpt < mostEfficient.joulesPerToken) mostEfficient = { concurrency: l.concurrency, joulesPerToken: jpt };
  }
  const verdict: Verdict = {
    thresholds,
    levels: judged.map((j) => j.verdict),
    maxConcurrencyForWait: largestPassing(byConcurrency, (l) => l.meetsWait),
    maxConcurrencyForSpeed: largestPassing(byConcurrency, (l) => l.meetsSpeed),
    maxConcurrencyForBoth: both,
    energyAtBoth: both === null ? null : energyOf(byConcurrency, both),
    mostEfficient,
  };
  if (rateLevels.length > 0) {
    const byRate = rateLevels.map((j) => j.verdict);
    verdict.maxRateForWait = largestRate(byRate, (l) => l.meetsWait);
    verdict.maxRateForSpeed = largestRate(byRate, (l) => l.meetsSpeed);
    verdict.maxRateForBoth = largestRate(byRate, (l) => l.meetsWait && l.meetsSpeed);
  }
  const sweep = sweepOutcome(levels);
  if (sweep) {
    verdict.sustained = sweep.sustained;
    verdict.sweepStoppedAt = sweep.stoppedAt;
  }
  if (judged.some((j) => j.verdict.goodputRequestsPerSecond !== undefined)) {
    verdict.slo = slo ?? defaultSlo(thresholds);
    verdict.bestGoodput = bestGoodput(judged.map((j) => ({ label: levelDescription(j.summary), verdict: j.verdict })));
  }
  return verdict;
}

/** The levels in run order, each with its repeats (one summary when the run was not repeated). */
function planLevels(levels: readonly LevelSummary[]): LevelSummary[][] {
  return [...groupBy([...levels].sort(compareLevels), planLevelKey).values()];
}

function energyOf(levels: readonly LevelVerdict[], concurrency: number): EnergySummary | null {
  return levels.find((l) => l.concurrency === concurrency)?.energy ?? null;
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

/** The same rule over rate levels: the rate of the last level of the passing run from the lowest rate. */
function largestRate(levels: readonly LevelVerdict[], passes: (level: LevelVerdict) => boolean): number | null {
  let largest: number | null = null;
  for (const level of levels) {
    if (level.notJudged !== null || !passes(level)) break;
    largest = level.rate ?? null;
  }
  return largest;
}

/** The level with the most good requests per second; the lower level on a tie. */
function bestGoodput(levels: readonly { label: string; verdict: LevelVerdict }[]): Verdict['bestGoodput'] {
  let best: Verdict['bestGoodput'] = null;
  for (const { label, verdict } of levels) {
    const rate = verdict.goodputRequestsPerSecond;
    if (rate === undefined || rate === null || !(rate > 0)) continue;
    if (best === null || rate > best.goodputRequestsPerSecond) best = { label, goodputRequestsPerSecond: rate, goodShare: verdict.goodShare ?? null };
  }
  return best;
}
