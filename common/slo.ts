// Service-level objectives for goodput (`--slo ttft=2s,itl=100ms,e2e=30s,tps=20`): parsed here into
// typed limits, judged per request in main/metrics/goodput.ts. Each objective is held against our metric of the same
// name (docs/metrics.md § Load shapes), so no figure has two definitions.
import * as z from 'zod/mini';
import type { VerdictThresholds } from './findings.js';

/** Limits a request must meet; an absent one is not judged. Times in ms. */
export interface Slo {
  /** TTFT ≤ this. */
  ttftMs?: number;
  /** The request's ITL p99 (its 99th-percentile gap between token chunks) ≤ this. */
  itlMs?: number;
  /** E2E ≤ this. */
  e2eMs?: number;
  /** The request's decode speed (tokens/s) ≥ this. */
  tokensPerSecond?: number;
}

const LIMIT_HINT = 'a number > 0';
const limitSchema = z.number({ error: LIMIT_HINT }).check(z.positive({ error: LIMIT_HINT }));
/** An Slo as a run configuration records it (run.json `config.slo`). */
export const sloSchema = z.strictObject({
  ttftMs: z.optional(limitSchema),
  itlMs: z.optional(limitSchema),
  e2eMs: z.optional(limitSchema),
  tokensPerSecond: z.optional(limitSchema),
}).check(z.refine((slo) => Object.keys(slo).length > 0, { error: 'at least one objective (ttft, itl, e2e, tps)' }));

/** The names on the command line, in the order they are printed. */
export const SLO_OBJECTIVES = ['ttft', 'itl', 'e2e', 'tps'] as const;
export type SloObjective = (typeof SLO_OBJECTIVES)[number];

const FIELD: Record<SloObjective, keyof Slo> = { ttft: 'ttftMs', itl: 'itlMs', e2e: 'e2eMs', tps: 'tokensPerSecond' };

export type SloError =
  | { kind: 'empty' }
  | { kind: 'syntax'; part: string }
  | { kind: 'unknown-objective'; name: string }
  | { kind: 'duplicate'; name: SloObjective }
  | { kind: 'bad-value'; name: SloObjective; value: string };

export type SloParse = { ok: true; slo: Slo } | { ok: false; error: SloError };

const DURATION = /^(\d+(?:\.\d+)?|\.\d+)(ms|s|m)$/;
const NUMBER = /^(\d+(?:\.\d+)?|\.\d+)$/;
const UNIT_MS = { ms: 1, s: 1000, m: 60_000 } as const;

/**
 * Parses `name=value` pairs separated by commas (spaces around them allowed). ttft, itl and e2e take a
 * duration with its unit — `250ms`, `2s`, `1.5m` — so `2` can never be misread as 2 ms or 2 s; tps takes
 * a number of tokens per second. Every value must be > 0; each objective may appear once.
 */
export function parseSlo(text: string): SloParse {
  const parts = text.split(',').map((p) => p.trim());
  if (parts.length === 1 && parts[0] === '') return { ok: false, error: { kind: 'empty' } };
  const slo: Slo = {};
  for (const part of parts) {
    const eq = part.indexOf('=');
    if (eq <= 0) return { ok: false, error: { kind: 'syntax', part } };
    const name = part.slice(0, eq).trim().toLowerCase();
    const value = part.slice(eq + 1).trim();
    if (!isObjective(name)) return { ok: false, error: { kind: 'unknown-objective', name } };
    const field = FIELD[name];
    if (slo[field] !== undefined) return { ok: false, error: { kind: 'duplicate', name } };
    const limit = name === 'tps' ? parseRate(value) : parseDurationMs(value);
    if (limit === null) return { ok: false, error: { kind: 'bad-value', name, value } };
    slo[field] = limit;
  }
  return { ok: true, slo };
}

/** One line for a person (the CLI's stderr, exit code 2). */
export function describeSloError(error: SloError): string {
  switch (error.kind) {
    case 'empty':
      return '--slo needs at least one objective, e.g. --slo ttft=2s,itl=100ms';
    case 'syntax':
      return `--slo: "${error.part}" is not name=value (objectives: ${SLO_OBJECTIVES.join(', ')})`;
    case 'unknown-objective':
      return `--slo: unknown objective "${error.name}" (objectives: ${SLO_OBJECTIVES.join(', ')})`;
    case 'duplicate':
      return `--slo: ${error.name} is given twice`;
    case 'bad-value':
      return error.name === 'tps'
        ? `--slo: tps=${error.value} must be a positive number of tokens per second, e.g. tps=20`
        : `--slo: ${error.name}=${error.value} must be a positive duration with its unit: ms, s or m (e.g. 250ms, 2s)`;
  }
}

/**
 * Objectives when the user gives none: the verdict's thresholds, judged per request — TTFT ≤ the
 * longest acceptable wait, decode speed ≥ the slowest acceptable tokens/s.
 */
export function defaultSlo(thresholds: VerdictThresholds): Slo {
  return { ttftMs: thresholds.maxWaitMs, tokensPerSecond: thresholds.minTokensPerSecond };
}

/** The canonical text of an SLO (parseSlo reads it back): objectives in SLO_OBJECTIVES order, times in ms. */
export function formatSlo(slo: Slo): string {
  const parts: string[] = [];
  for (const name of SLO_OBJECTIVES) {
    const limit = slo[FIELD[name]];
    if (limit !== undefined) parts.push(name === 'tps' ? `tps=${limit}` : `${name}=${limit}ms`);
  }
  return parts.join(',');
}

/** An SLO as people read it: "TTFT ≤ 2 s, ITL p99 ≤ 100 ms, E2E ≤ 30 s, speed ≥ 20 tokens/s". */
export function describeSlo(slo: Slo): string {
  const time = (ms: number): string => (ms >= 1000 ? `${Number((ms / 1000).toPrecision(4))} s` : `${Number(ms.toPrecision(4))} ms`);
  const parts: string[] = [];
  if (slo.ttftMs !== undefined) parts.push(`TTFT ≤ ${time(slo.ttftMs)}`);
  if (slo.itlMs !== undefined) parts.push(`ITL p99 ≤ ${time(slo.itlMs)}`);
  if (slo.e2eMs !== undefined) parts.push(`E2E ≤ ${time(slo.e2eMs)}`);
  if (slo.tokensPerSecond !== undefined) parts.push(`speed ≥ ${Number(slo.tokensPerSecond.toPrecision(4))} tokens/s`);
  return parts.join(', ');
}

function isObjective(name: string): name is SloObjective {
  return (SLO_OBJECTIVES as readonly string[]).includes(name);
}

function parseDurationMs(value: string): number | null {
  const m = DURATION.exec(value);
  if (!m) return null;
  // Rounded to µs like every *Ms of a record, so 1.1s is 1100, not 1100.0000000000002.
  const ms = Math.round(Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS] * 1000) / 1000;
  return ms > 0 && Number.isFinite(ms) ? ms : null;
}

function parseRate(value: string): number | null {
  if (!NUMBER.test(value)) return null;
  const rate = Number(value);
  return rate > 0 && Number.isFinite(rate) ? rate : null;
}
