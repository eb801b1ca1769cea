// How numbers are shown, in every report and screen: units and rounding of values main/metrics
// produced. Missing values (no ok request, no server rate, no power sample …) show as MISSING.
import { failurePercent, levelOutcomes } from './level-outcomes.js';
import type { LevelSummary } from './results.js';

/**
 * What a table shows for a value that does not exist. The em dash: the en dash already marks ranges
 * (histogram bins "10–19") and would read as a minus beside signed deltas ("-0.50").
 */
export const MISSING = '—';

const isFiniteNumber = (value: number | null | undefined): value is number => typeof value === 'number' && Number.isFinite(value);

/** Fixed decimals, or MISSING for null/undefined/NaN/∞ — a blank must never read as a zero. */
export function fixed(value: number | null | undefined, digits: number): string {
  return isFiniteNumber(value) ? value.toFixed(digits) : MISSING;
}

/** Milliseconds shown as seconds, 2 decimals unless told (as the study's tables did). */
export function seconds(ms: number | null | undefined, digits = 2): string {
  return isFiniteNumber(ms) ? (ms / 1000).toFixed(digits) : MISSING;
}

/** Tokens per second with 1 decimal. */
export function rate(tokensPerSecond: number | null | undefined): string {
  return fixed(tokensPerSecond, 1);
}

/** A count, rounded, with thousands separators ("12,345"). */
export function integer(value: number | null | undefined): string {
  return isFiniteNumber(value) ? Math.round(value).toLocaleString('en-US') : MISSING;
}

/**
 * Share of the level's requests that ran their course and ended in error, in percent (common/level-outcomes.ts:
 * cancelled and lost requests are not counted); MISSING when none ran its course.
 */
export function errorPercent(level: LevelSummary): string {
  return fixed(failurePercent(level), 1);
}

/** "3 / 4": ok requests of those sent; "2 / ≥ 2" when a killed run did not record how many it sent. */
export function okOfSent(level: LevelSummary): string {
  const { ok, sent } = levelOutcomes(level);
  return `${ok} / ${sent === null ? `≥ ${level.requests}` : sent}`;
}

/** Bytes in MiB, no decimals, no unit (the column says it). */
export function mebibytes(bytes: number | null | undefined): string {
  return isFiniteNumber(bytes) ? (bytes / 1024 ** 2).toFixed(0) : MISSING;
}

/** Bytes in GiB with 1 decimal and the unit: "16.0 GiB". */
export function gibibytes(bytes: number | null | undefined): string {
  return isFiniteNumber(bytes) ? `${(bytes / 1024 ** 3).toFixed(1)} GiB` : MISSING;
}

/** "1 min 05 s" / "42 s", for an ETA. */
export function duration(ms: number | null | undefined): string {
  if (!isFiniteNumber(ms)) return MISSING;
  const total = Math.max(0, Math.round(ms / 1000));
  const m = Math.floor(total / 60);
  const s = total % 60;
  return m > 0 ? `${m} min ${String(s).padStart(2, '0')} s` : `${s} s`;
}

/** An ISO timestamp in the viewer's time zone ("20 Jan 2026, 10:00"); the text as given when it is not a date. */
export function dateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}
