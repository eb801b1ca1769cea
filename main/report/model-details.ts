/**
 * The plain-valued details of the model the server reported (family, parameter size, quantisation …) as
 * "family qwen2, parameter_size 7.6B"; nested objects add noise. Empty when there are none. Plain text:
 * each format escapes it its own way.
 */
export function modelDetailsText(details: Record<string, unknown> | null): string {
  if (!details) return '';
  return Object.entries(details)
    .filter((e): e is [string, string | number | boolean] => ['string', 'number', 'boolean'].includes(typeof e[1]))
    .map(([k, v]) => `${k} ${String(v)}`)
    .join(', ');
}
