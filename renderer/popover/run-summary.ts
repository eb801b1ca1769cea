// What the popover's done card says about a run: the verdict main computed (the report model's verdict
// and its view, common/report/verdict-view.ts) in a few lines. It picks and words; it computes nothing.
import type { RunDetail } from '../../common/api.js';
import { VERDICT_STATISTICS } from '../../common/findings.js';
import { integer, MISSING, rate, seconds } from '../../common/format.js';
import type { RunStatus } from '../../common/run-manifest.js';

export interface SummaryFact {
  label: string;
  value: string;
}

export interface RunSummary {
  runId: string;
  status: RunStatus;
  model: string;
  /** "Serves up to 4 parallel within your limits", or why it cannot say so. */
  headline: string;
  /** "At 4 parallel": which level the facts are of; null when no level finished. */
  factsOf: string | null;
  /** TTFT p95, tokens/s p5 (the slow tail), errors — each named by its statistic. */
  facts: SummaryFact[];
  /** "Your limits: wait ≤ 10.0 s · speed ≥ 20.0 tokens/s" (the verdict cards' labels). */
  limits: string;
  /** Why a run failed or was cancelled (run.json), else null. */
  reason: string | null;
}

export const WAIT_LABEL = `TTFT ${VERDICT_STATISTICS.wait}`;
export const SPEED_LABEL = `Tokens/s ${VERDICT_STATISTICS.speed} (slow tail)`;

function headlineOf(detail: RunDetail): string {
  const { verdict } = detail;
  if (verdict.levels.length === 0) return 'No level finished';
  const both = verdict.maxConcurrencyForBoth;
  if (both === null) return 'No tested level is within your limits';
  const largest = verdict.levels.at(-1)!.concurrency;
  return `Serves up to ${both} parallel within your limits${both === largest ? ' (the most this run tried)' : ''}`;
}

export function runSummary(detail: RunDetail): RunSummary {
  const { verdict, manifest } = detail;
  // The level the verdict names; when none met both limits, the smallest (how far off the limits are).
  const level = verdict.levels.find((l) => l.concurrency === verdict.maxConcurrencyForBoth) ?? verdict.levels[0] ?? null;
  const label = (id: 'wait' | 'speed') => detail.view.verdict.cards.find((c) => c.id === id)?.label ?? id;
  return {
    runId: manifest.id,
    status: manifest.status,
    model: manifest.target.model,
    headline: headlineOf(detail),
    factsOf: level ? `At ${level.concurrency} parallel` : null,
    facts: level
      ? [
          { label: WAIT_LABEL, value: level.waitMs === null ? MISSING : `${seconds(level.waitMs)} s` },
          { label: SPEED_LABEL, value: rate(level.tokensPerSecond) },
          { label: 'Errors', value: integer(level.errors) },
        ]
      : [],
    limits: `Your limits: ${label('wait').toLowerCase()} · ${label('speed').toLowerCase()}`,
    reason: manifest.status === 'completed' ? null : (manifest.reason ?? null),
  };
}
