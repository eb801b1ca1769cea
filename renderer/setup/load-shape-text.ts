// The text of Setup's load-shape fields (load-shape-fields.tsx) → settings values, without forcing
// half-typed input into numbers: what is not a number stays NaN, so the settings schema names the field.
import { parseOptionalNumber } from './parse-fields.js';

/** What the form calls each field, for the schema's messages (settings-draft.ts). */
export const LOAD_SHAPE_FIELD_LABELS: Record<string, string> = {
  'custom.rates': 'Rates',
  'custom.arrivals': 'Arrivals',
  'custom.seed': 'Seed',
  'custom.maxConcurrency': 'Most in flight',
  'custom.repeats': 'Repeats',
  'custom.slo': 'Goodput objectives',
};

/** "0.5, 1, 2" → numbers; an item that is not a number stays NaN so the schema names the field. */
export function parseRates(text: string): number[] | undefined {
  const parts = text.split(',').map((p) => p.trim()).filter((p) => p !== '');
  return parts.length === 0 ? undefined : parts.map((p) => (/^(\d+(\.\d+)?|\.\d+)$/.test(p) ? Number(p) : Number.NaN));
}

/** Empty → null (not set); not a number → NaN (the schema says what it expects). */
export function optionalNumber(text: string): number | null {
  const value = parseOptionalNumber(text);
  return value === undefined ? Number.NaN : value;
}
