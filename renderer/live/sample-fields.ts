// Live telemetry events carry samples as untyped records (RunEvent 'telemetry'): read one field safely.

/** A field of an untyped telemetry sample, when it is a number. */
export function numberField(sample: Record<string, unknown> | null | undefined, key: string): number | null {
  const value = sample?.[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export function stringField(sample: Record<string, unknown> | null | undefined, key: string): string | null {
  const value = sample?.[key];
  return typeof value === 'string' ? value : null;
}
