// The Setup form's text → values, without forcing half-typed input into numbers. Limits are the
// settings schema's (common/settings.ts), checked when the form is saved.
/** Whole numbers ≥ 1 separated by commas ("1,2,4"); null when the text is not such a list. */
export function parseLevels(text: string): number[] | null {
  const parts = text.split(',').map((p) => p.trim()).filter((p) => p !== '');
  if (parts.length === 0) return null;
  const values = parts.map((p) => (/^\d+$/.test(p) ? Number(p) : NaN));
  return values.every((v) => Number.isInteger(v) && v >= 1) ? values : null;
}

/** A non-negative number, or null for an empty field; undefined when the text is not a number. */
export function parseOptionalNumber(text: string): number | null | undefined {
  if (text.trim() === '') return null;
  const value = Number(text);
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}
