// A level's result in one line, as the history list and the run notifications show it.
import type { LevelSummary } from './results.js';

/** "4 parallel · 19.9 t/s · TTFT 0.38 s" of a level (the last one in the list). */
export function headline(level: LevelSummary | undefined): string | null {
  if (!level) return null;
  const parts = [`${level.concurrency} parallel`];
  if (level.tokensPerSecond) parts.push(`${level.tokensPerSecond.mean.toFixed(1)} t/s`);
  if (level.ttftMs) parts.push(`TTFT ${(level.ttftMs.mean / 1000).toFixed(2)} s`);
  if (level.errors > 0) parts.push(`${level.errors} errors`);
  return parts.join(' · ');
}
