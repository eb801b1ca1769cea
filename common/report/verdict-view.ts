// What the verdict panel says (dashboard, HTML and Markdown reports, compare): the verdict and the
// effective parallelism main/metrics computed, as text. No judgement is made here.
import type { TableData } from '../charts/chart-model.js';
import { VERDICT_STATISTICS, type LevelVerdict, type ParallelismFinding, type Verdict, type VerdictThresholds } from '../findings.js';
import { fixed, MISSING, rate, seconds } from '../format.js';

export type VerdictCardId = 'wait' | 'speed' | 'both' | 'energy' | 'parallelism';

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

/** "no: errors" when the statistic is within the limit but failed requests disqualify the level; "not judged" for an incomplete level. */
function meets(level: LevelVerdict, met: boolean, statisticWithin: boolean): string {
  if (level.notJudged !== null) return 'not judged';
  if (met) return 'yes';
  return statisticWithin && level.errors > 0 ? 'no: errors' : 'no';
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

export function verdictView(verdict: Verdict, parallelism: ParallelismFinding): VerdictView {
  const { thresholds } = verdict;
  const tone = (c: number | null): 'good' | 'bad' => (c === null ? 'bad' : 'good');
  const cards: VerdictCard[] = [
    {
      id: 'wait',
      label: waitLabel(thresholds),
      value: upTo(verdict.maxConcurrencyForWait),
      detail: `TTFT ${VERDICT_STATISTICS.wait} within the limit at every level up to there, no errors`,
      tone: tone(verdict.maxConcurrencyForWait),
    },
    {
      id: 'speed',
      label: speedLabel(thresholds),
      value: upTo(verdict.maxConcurrencyForSpeed),
      detail: `tokens/s ${VERDICT_STATISTICS.speed} (slow tail) above the limit at every level up to there, no errors`,
      tone: tone(verdict.maxConcurrencyForSpeed),
    },
    { id: 'both', label: 'Both', value: upTo(verdict.maxConcurrencyForBoth), detail: 'the load this machine serves within both limits', tone: tone(verdict.maxConcurrencyForBoth) },
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
  const table: TableData = {
    headers: ['Parallel', `TTFT ${VERDICT_STATISTICS.wait} (s)`, 'Wait ok', `t/s ${VERDICT_STATISTICS.speed}`, 'Speed ok', 'Errors', 'J/token'],
    rows: verdict.levels.map((l) => [
      String(l.concurrency),
      seconds(l.waitMs),
      meets(l, l.meetsWait, l.waitMs !== null && l.waitMs <= thresholds.maxWaitMs),
      rate(l.tokensPerSecond),
      meets(l, l.meetsSpeed, l.tokensPerSecond !== null && l.tokensPerSecond >= thresholds.minTokensPerSecond),
      String(l.errors),
      fixed(l.energy?.joulesPerToken, 3),
    ]),
  };
  const notJudged = verdict.levels.filter((l) => l.notJudged !== null).map((l) => ` ${l.concurrency} parallel was not judged: ${l.notJudged}.`);
  return {
    rule:
      `Thresholds: wait (TTFT ${VERDICT_STATISTICS.wait}) ≤ ${fixed(thresholds.maxWaitMs / 1000, 1)} s, speed (tokens/s ${VERDICT_STATISTICS.speed}, the slow tail) ≥ ` +
      `${fixed(thresholds.minTokensPerSecond, 1)} tokens/s. A level with errors meets neither; a level counts only if every smaller level met it too.` +
      notJudged.join(''),
    cards,
    headline: `Effective parallelism: ${parallelism.summary}.`,
    table,
  };
}
