import type { RequestRecord, RunSummary } from '../../common/results.js';
import type { RunStatus } from '../../common/run-manifest.js';

export const RUN_STATUSES: readonly RunStatus[] = ['running', 'completed', 'cancelled', 'failed', 'interrupted'];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Why `value` is not a run manifest, or null when it is one. Checks what readers rely on, not every field. */
export function manifestProblem(value: unknown): string | null {
  if (!isObject(value)) return 'run.json does not hold an object';
  const tool = value.tool;
  if (!isObject(tool) || tool.name !== 'tokenbench') return 'run.json was not written by Tokenbench (tool.name)';
  if (typeof value.id !== 'string' || value.id === '') return 'run.json has no id';
  if (!RUN_STATUSES.includes(value.status as RunStatus)) return `run.json has an unknown status ${JSON.stringify(value.status)}`;
  if (typeof value.startedAt !== 'string' || Number.isNaN(Date.parse(value.startedAt))) {
    return 'run.json has no valid startedAt';
  }
  if (!isObject(value.config)) return 'run.json has no config';
  return null;
}

export function isRequestRecord(value: unknown): value is RequestRecord {
  return (
    isObject(value) &&
    typeof value.level === 'number' &&
    typeof value.index === 'number' &&
    (value.status === 'ok' || value.status === 'error') &&
    typeof value.startedAt === 'number'
  );
}

export function isRunSummary(value: unknown): value is RunSummary {
  return (
    isObject(value) &&
    Array.isArray(value.levels) &&
    value.levels.every((level) => isObject(level) && typeof level.concurrency === 'number')
  );
}
