// What the verdict panel says (dashboard, HTML and Markdown reports, compare): the verdict and the
// effective parallelism main/metrics computed, as text. No judgement is made here.
import type { TableData } from '../charts/chart-model.js';
import { VERDICT_STATISTICS, type LevelVerdict, type ParallelismFinding, type Verdict, type VerdictThresholds } from '../findings.js';
import { fixed, MISSING, rate, seconds } from '../format.js';
import { rateText } from '../levels.js';
import { describeSlo } from '../slo.js';

export type VerdictCardId = 'wait' | 'speed' | 'both' | 'sustained' | 'goodput' | 'energy' | 'parallelism';

export interface VerdictCard {
  id: VerdictCardId;
  label: string;
  value: string;
  detail: string;
  tone: 'good' | 'bad' | 'neutral';
}

export interface VerdictView {
  /** How the thresholds are applied, one sentence. */
  rule: string;
  cards: VerdictCard[];
  /** "Effective parallelism: <finding>." */
  headline: string;
  /** Each level against the thresholds. */
  table: TableData;
}

/** "up to 4 parallel", or "no level" when even the smallest level fails. */
function upTo(concurrency: number | null): string {
  return concurrency === null ? 'no level' : `up to ${concurrency} parallel`;
}

function waitLabel(thresholds: VerdictThresholds): string {
  return `Wait ≤ ${fixed(thresholds.maxWaitMs / 1000, 1)} s`;
}

function speedLabel(thresholds: VerdictThresholds): string {
  return `Speed ≥ ${fixed(thresholds.minTokensPerSecond, 1)} tokens/s`;
}

/**
 * "no: errors" (or "no: saturated") when the statistic is within the limit but the level is disqualified;
 * "not judged" for an incomplete level.
 */
function meets(level: LevelVerdict, met: boolean, statisticWithin: boolean): string {
  if (level.notJudged !== null) return 'not judged';
  if (met) return 'yes';
  if (!statisticWithin) return 'no';
  return level.errors > 0 ? 'no: errors' : level.saturated ? 'no: saturated' : 'no';
}

function energyCard(verdict: Verdict): VerdictCard {
  const energy = verdict.energyAtBoth;
  const fewest = verdict.mostEfficient;
  const fewestText = fewest ? `fewest at ${fewest.concurrency} parallel: ${fixed(fewest.joulesPerToken, 3)} J/token` : null;
  const has = energy?.joulesPerToken != null;
  let detail: string;
  if (has) detail = `GPU energy at ${verdict.maxConcurrencyForBoth} parallel (${fixed(energy.watts, 1)} W, ${energy.source})${fewestText ? `; ${fewestText}` : ''}`;
  else if (fewestText) detail = `no power samples at the level meeting both; ${fewestText}`;
  else detail = 'no GPU power samples cover the levels';
  return { id: 'energy', label: 'Energy per token', value: has ? `${fixed(energy.joulesPerToken, 3)} J/token` : MISSING, detail, tone: 'neutral' };
}

/** "up to 2 requests/s", or "no level". */
function upToRate(requestRate: number | null): string {
  return requestRate === null ? 'no level' : `up to ${rateText(requestRate)} requests/s`;
}

/** A sweep's answer: "sustains R requests/s with TTFT p95 ≤ T s", and where it stopped. */
function sustainedCard(verdict: Verdict): VerdictCard[] {
  if (verdict.sustained === undefined) return [];
  const sustained = verdict.sustained;
  const stopped = verdict.sweepStoppedAt;
  const stop = stopped ? `the sweep stopped at ${rateText(stopped.rate)} requests/s, saturated (${stopped.reasons.join(', ')})` : 'no swept rate saturated the server';
  if (!verdict.levels.some((l) => l.rate !== undefined)) {
    return [
      {
        id: 'sustained',
        label: 'Sustained rate (sweep)',
        value: 'no rate swept',
        detail: 'no rate level ran: the max-throughput level served no more requests per second than the synchronous one (the server serves one request at a time), or the run ended before',
        tone: 'neutral',
      },
    ];
  }
  return [
    {
      id: 'sustained',
      label: 'Sustained rate (sweep)',
      value: sustained ? `sustains ${rateText(sustained.rate)} requests/s with TTFT ${VERDICT_STATISTICS.wait} ≤ ${seconds(sustained.ttftP95Ms)} s` : 'no rate',
      detail: sustained ? `the highest swept rate before the first saturated one; ${stop}` : `even the first swept rate saturated the server; ${stop}`,
      tone: sustained ? 'good' : 'bad',
    },
  ];
}

/** Goodput: the level with the most good requests per second, and the objectives. */
function goodputCard(verdict: Verdict): VerdictCard[] {
  if (verdict.slo === undefined) return [];
  const best = verdict.bestGoodput ?? null;
  const objectives = describeSlo(verdict.slo);
  return [
    {
      id: 'goodput',
      label: 'Goodput',
      value: best ? `${fixed(best.goodputRequestsPerSecond, 2)} good requests/s at ${best.label}` : 'no good request',
      detail: best
        ? `${fixed(best.goodShare === null ? null : best.goodShare * 100, 1)} % of that level's requests met every objective: ${objectives}`
        : `no request met every objective: ${objectives}`,
      tone: best ? 'good' : 'bad',
    },
  ];
}

export function verdictView(verdict: Verdict, parallelism: ParallelismFinding): VerdictView {
  const { thresholds } = verdict;
  const tone = (c: number | null): 'good' | 'bad' => (c === null ? 'bad' : 'good');
  // Rate levels (rate mode, a sweep) answer in requests per second, concurrency levels in parallel requests.
  const byRate = verdict.maxRateForBoth !== undefined;
  const answer = (concurrency: number | null, requestRate: number | null | undefined): string => (byRate ? upToRate(requestRate ?? null) : upTo(concurrency));
  const pick = (concurrency: number | null, requestRate: number | null | undefined): number | null => (byRate ? (requestRate ?? null) : concurrency);
  const cards: VerdictCard[] = [
    ...sustainedCard(verdict),
    {
      id: 'wait',
      label: waitLabel(thresholds),
      value: answer(verdict.maxConcurrencyForWait, verdict.maxRateForWait),
      detail: `TTFT ${VERDICT_STATISTICS.wait} within the limit at every level up to there, no errors`,
      tone: tone(pick(verdict.maxConcurrencyForWait, verdict.maxRateForWait)),
    },
    {
      id: 'speed',
      label: speedLabel(thresholds),
      value: answer(verdict.maxConcurrencyForSpeed, verdict.maxRateForSpeed),
      detail: `tokens/s ${VERDICT_STATISTICS.speed} (slow tail) above the limit at every level up to there, no errors`,
      tone: tone(pick(verdict.maxConcurrencyForSpeed, verdict.maxRateForSpeed)),
    },
    {
      id: 'both',
      label: 'Both',
      value: answer(verdict.maxConcurrencyForBoth, verdict.maxRateForBoth),
      detail: 'the load this machine serves within both limits',
      tone: tone(pick(verdict.maxConcurrencyForBoth, verdict.maxRateForBoth)),
    },
    ...goodputCard(verdict),
    energyCard(verdict),
    {
      id: 'parallelism',
      label: 'Effective parallelism',
      value: parallelism.slots === null ? MISSING : `${parallelism.atLeast ? '≥ ' : ''}${parallelism.slots} at a time`,
      detail:
        parallelism.firstQueuedLevel !== null
          ? `read from the TTFTs: some requests queued from ${parallelism.firstQueuedLevel} parallel on (below)`
          : parallelism.summary,
      tone: 'neutral',
    },
  ];
  const named = verdict.levels.some((l) => l.label !== undefined && l.label !== String(l.concurrency));
  const table: TableData = {
    headers: [named ? 'Level' : 'Parallel', `TTFT ${VERDICT_STATISTICS.wait} (s)`, 'Wait ok', `t/s ${VERDICT_STATISTICS.speed}`, 'Speed ok', 'Errors', 'J/token'],
    rows: verdict.levels.map((l) => [
      l.label ?? String(l.concurrency),
      seconds(l.waitMs),
      meets(l, l.meetsWait, l.waitMs !== null && l.waitMs <= thresholds.maxWaitMs),
      rate(l.tokensPerSecond),
      meets(l, l.meetsSpeed, l.tokensPerSecond !== null && l.tokensPerSecond >= thresholds.minTokensPerSecond),
      String(l.errors),
      fixed(l.energy?.joulesPerToken, 3),
    ]),
  };
  const notJudged = verdict.levels.filter((l) => l.notJudged !== null).map((l) => ` ${l.concurrency} parallel was not judged: ${l.notJudged}.`);
  const repeated = verdict.levels.some((l) => (l.repeats ?? 1) > 1);
  return {
    rule:
      `Thresholds: wait (TTFT ${VERDICT_STATISTICS.wait}) ≤ ${fixed(thresholds.maxWaitMs / 1000, 1)} s, speed (tokens/s ${VERDICT_STATISTICS.speed}, the slow tail) ≥ ` +
      `${fixed(thresholds.minTokensPerSecond, 1)} tokens/s. A level with errors meets neither; a level counts only if every smaller level met it too.` +
      notJudged.join('') +
      (verdict.maxRateForBoth !== undefined ? ' Rate levels count in increasing rate, and a saturated one meets neither.' : '') +
      (repeated ? ' Repeated levels must meet them in every repeat (the worst repeat is shown).' : ''),
    cards,
    headline: `Effective parallelism: ${parallelism.summary}.`,
    table,
  };
}
