import { MAX_CONCURRENCY, MAX_TIMER_MS } from '../../common/run-config.js';
import { CliError } from './errors.js';

const MAX_SHOWN_CHARS = 60;

/**
 * A user value as it can appear inside a one-line message: JSON-quoted so that newlines and control
 * characters are escaped, and shortened so a pasted file does not flood the terminal.
 */
export function quote(raw: string): string {
  const shown = raw.length > MAX_SHOWN_CHARS ? `${raw.slice(0, MAX_SHOWN_CHARS)}…` : raw;
  return JSON.stringify(shown);
}

function fail(flag: string, message: string): never {
  throw new CliError(`${flag}: ${message}`);
}

const INTEGER = /^\d+$/;

/** A whole number in [min, max]; rejects signs, decimals, exponents, hex and blanks. */
export function parseIntegerInRange(flag: string, raw: string, min: number, max: number, unit = ''): number {
  const text = raw.trim();
  const suffix = unit ? ` ${unit}` : '';
  if (!INTEGER.test(text)) {
    fail(flag, `${quote(raw)} is not a whole number (expected an integer from ${min}${suffix})`);
  }
  const value = Number(text);
  if (value < min) fail(flag, `${value}${suffix} is too small (expected at least ${min}${suffix})`);
  if (value > max) fail(flag, `${text}${suffix} is too large (expected at most ${max}${suffix})`);
  return value;
}

export function parsePositiveInt(flag: string, raw: string, max: number = Number.MAX_SAFE_INTEGER): number {
  return parseIntegerInRange(flag, raw, 1, max);
}

/**
 * `--concurrency 1,2,4`: each item a positive integer ≤ MAX_CONCURRENCY, as given; the run config's
 * schema (normalizeLevels) then drops duplicates and sorts them.
 */
export function parseConcurrencyList(flag: string, raw: string): number[] {
  const example = '(expected e.g. 1,2,4,8)';
  if (raw.trim() === '') fail(flag, `no value ${example}`);
  const levels: number[] = [];
  for (const piece of raw.split(',')) {
    const item = piece.trim();
    if (item === '') fail(flag, `empty item in ${quote(raw)} ${example}`);
    if (!INTEGER.test(item) || Number(item) === 0) fail(flag, `${quote(item)} is not a positive integer ${example}`);
    const value = Number(item);
    if (value > MAX_CONCURRENCY) fail(flag, `${item} is above the limit of ${MAX_CONCURRENCY} parallel requests`);
    levels.push(value);
  }
  return levels;
}

const TIME = /^(\d+(?:\.\d+)?|\.\d+)(ms|s|m|h)?$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * A span of time in seconds, returned in ms: `30`, `1.5`, `30s`, `2m`, `1h`, `500ms`. A plain number
 * means seconds. `allowZero` is for pauses (cooldown); timeouts and durations must be positive.
 */
export function parseSeconds(flag: string, raw: string, options: { allowZero: boolean }): number {
  const match = TIME.exec(raw.trim());
  const expected = options.allowZero ? 'seconds ≥ 0' : 'seconds > 0';
  if (!match) fail(flag, `${quote(raw)} is not a time (expected ${expected}, e.g. 30, 2.5, 30s, 2m)`);
  const ms = Math.round(Number(match[1]) * UNIT_MS[match[2] ?? 's']);
  if (ms === 0 && !options.allowZero) fail(flag, `${quote(raw)} is too short (expected ${expected})`);
  if (ms > MAX_TIMER_MS) {
    fail(flag, `${quote(raw)} is too long (at most ${Math.floor(MAX_TIMER_MS / 1000)} seconds)`);
  }
  return ms;
}

export function parseChoice<T extends string>(flag: string, raw: string, choices: readonly T[]): T {
  const found = choices.find((choice) => choice === raw);
  if (found === undefined) fail(flag, `${quote(raw)} is not one of ${choices.join(', ')}`);
  return found;
}

/**
 * The server's base URL: http(s) only, no credentials (they would land in run.json and reports), no
 * query or fragment (endpoint paths are appended to it). Normalised to WHATWG form without the
 * trailing slash, so `${url}/api/generate` is always right.
 */
export function parseServerUrl(flag: string, raw: string): string {
  const example = '(expected e.g. http://127.0.0.1:11434)';
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    fail(flag, `${quote(raw)} is not a URL ${example}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    if (!raw.includes('://')) fail(flag, `${quote(raw)} has no http:// or https:// scheme ${example}`);
    fail(flag, `scheme ${quote(url.protocol)} is not supported (expected http:// or https://)`);
  }
  if (url.username !== '' || url.password !== '') fail(flag, 'must not contain a user name or password');
  if (url.search !== '' || url.hash !== '' || raw.includes('?') || raw.includes('#')) {
    fail(flag, `must not contain a query (?…) or fragment (#…) ${example}`);
  }
  return url.href.replace(/\/+$/, '');
}
