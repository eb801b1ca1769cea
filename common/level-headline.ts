// A level's result in one line, as the history list and the run notifications show it. It names its
// statistics, and they are the verdict's (common/findings.ts VERDICT_STATISTICS): the wait at TTFT p95 and
// the speed at its slow tail p5 — a bare mean would hide the one user in twenty who waited much longer.
import { VERDICT_STATISTICS } from './findings.js';
import { rate, seconds } from './format.js';
import { levelOutcomes } from './level-outcomes.js';
import { levelDescription } from './levels.js';
import type { LevelSummary } from './results.js';

/**
 * "4 parallel · TTFT p95 0.38 s · 19.9 t/s p5" of a level (the last one in the list), ending "· demo model"
 * when the demo model was measured (its numbers show the tool, not a model: demo-model.ts).
 */
export function headline(level: LevelSummary | undefined, demo = false): string | null {
  if (!level) return null;
  const parts = [levelDescription(level)];
  if (level.ttftMs) parts.push(`TTFT ${VERDICT_STATISTICS.wait} ${seconds(level.ttftMs[VERDICT_STATISTICS.wait])} s`);
  if (level.tokensPerSecond) parts.push(`${rate(level.tokensPerSecond[VERDICT_STATISTICS.speed])} t/s ${VERDICT_STATISTICS.speed}`);
  const { failed, cancelled } = levelOutcomes(level);
  if (failed > 0) parts.push(`${failed} errors`);
  if (cancelled > 0) parts.push(`${cancelled} cancelled`);
  if (demo) parts.push('demo model');
  return parts.join(' · ');
}
