import { RUN_ID_MAX_LENGTH, RUN_ID_PATTERN } from '../../common/run-id.js';

/**
 * `2026-11-28T10-15-03Z_llama3.2-3b`: UTC start time (sortable, no colons for Windows) and a slug of the
 * model name. Two runs of the same model started in the same second get the same id; `createRunFolder`
 * gives the second `<id>-2` (suffixedRunId) rather than overwrite the first.
 */
export function newRunId(now: Date, model: string): string {
  if (Number.isNaN(now.getTime())) throw new RangeError('newRunId: invalid date');
  const stamp = now.toISOString().slice(0, 19).replaceAll(':', '-') + 'Z';
  const room = RUN_ID_MAX_LENGTH - stamp.length - 1;
  return `${stamp}_${modelSlug(model, room)}`;
}

/**
 * `llama3.2:3b` → `llama3.2-3b`, `hf.co/org/Model-GGUF:Q4_K_M` → `hf.co-org-Model-GGUF-Q4_K_M`. No leading or
 * trailing dot or dash: a leading dot hides the folder, Windows drops trailing dots.
 */
export function modelSlug(model: string, maxLength: number): string {
  const slug = trimEdges(
    model
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/-{2,}/g, '-'),
  );
  const cut = trimEdges(slug.slice(0, maxLength));
  return cut === '' ? 'model' : cut;
}

function trimEdges(text: string): string {
  return text.replace(/^[.-]+|[.-]+$/g, '');
}

/** `<id>-<n>`, the id cut so that the suffix keeps it within RUN_ID_MAX_LENGTH. */
export function suffixedRunId(id: string, n: number): string {
  const suffix = `-${n}`;
  return `${trimEdges(id.slice(0, RUN_ID_MAX_LENGTH - suffix.length))}${suffix}`;
}

export function isValidRunId(id: string): boolean {
  return id.length <= RUN_ID_MAX_LENGTH && RUN_ID_PATTERN.test(id) && !/^\.+$/.test(id);
}
