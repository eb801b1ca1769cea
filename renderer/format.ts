// Display formatting only: units and rounding of numbers main/metrics produced. Missing values show as "—".
export const DASH = '—';

const isNum = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

/** Milliseconds shown as seconds. */
export function seconds(ms: number | null | undefined, digits = 2): string {
  return isNum(ms) ? (ms / 1000).toFixed(digits) : DASH;
}

export function fixed(value: number | null | undefined, digits = 1): string {
  return isNum(value) ? value.toFixed(digits) : DASH;
}

export function integer(value: number | null | undefined): string {
  return isNum(value) ? Math.round(value).toLocaleString('en-US') : DASH;
}

export function megabytes(bytes: number | null | undefined): string {
  return isNum(bytes) ? (bytes / 1024 ** 2).toFixed(0) : DASH;
}

export function gigabytes(bytes: number | null | undefined): string {
  return isNum(bytes) ? `${(bytes / 1024 ** 3).toFixed(1)} GB` : DASH;
}

/** "1 min 05 s" / "42 s" for an ETA. */
export function duration(ms: number | null | undefined): string {
  if (!isNum(ms)) return DASH;
  const total = Math.max(0, Math.round(ms / 1000));
  const m = Math.floor(total / 60);
  const s = total % 60;
  return m > 0 ? `${m} min ${String(s).padStart(2, '0')} s` : `${s} s`;
}

export function dateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

/** A field of an untyped telemetry sample, when it is a number. */
export function numberField(sample: Record<string, unknown> | null | undefined, key: string): number | null {
  const value = sample?.[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export function stringField(sample: Record<string, unknown> | null | undefined, key: string): string | null {
  const value = sample?.[key];
  return typeof value === 'string' ? value : null;
}
