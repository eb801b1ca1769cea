// Each verb's argument list as a zod tuple: IPC and web mode validate every payload with these before
// the service sees it. The mapped type makes a missing or extra verb a compile error.
import { z } from 'zod';
import type { ApiVerb, TokenbenchApi } from '../../common/api.js';
import { RUN_ID_MAX_LENGTH, RUN_ID_PATTERN } from '../store/run-id.js';
import type { AppService } from './service.js';
import { settingsSchema } from './settings.js';

const runId = z.string().min(1).max(RUN_ID_MAX_LENGTH).regex(RUN_ID_PATTERN);
const index = z.number().int().min(0).max(1_000_000_000);

type ArgsOf<V extends ApiVerb> = Parameters<TokenbenchApi[V]>;

export const VERB_ARGS: { [V in ApiVerb]: z.ZodType<ArgsOf<V>> } = {
  getStatus: z.tuple([]),
  getSettings: z.tuple([]),
  saveSettings: z.tuple([settingsSchema]),
  startRun: z.union([z.tuple([]), z.tuple([settingsSchema.partial().optional()])]),
  cancelRun: z.tuple([runId]),
  listRuns: z.tuple([]),
  getRun: z.tuple([runId]),
  getRequest: z.tuple([runId, z.number().int().min(1).max(4096), index]),
  deleteRun: z.tuple([runId]),
  saveReport: z.tuple([runId, z.enum(['html', 'md', 'csv', 'json'])]),
};

export function isApiVerb(name: string): name is ApiVerb {
  return Object.hasOwn(VERB_ARGS, name);
}

/** The payload failed its verb's schema; the message names the first bad argument. */
export class PayloadError extends Error {
  override name = 'PayloadError';
}

/** Validates `args` for `verb` and calls the service. */
export async function callVerb(service: AppService, verb: ApiVerb, args: unknown): Promise<unknown> {
  const parsed = VERB_ARGS[verb].safeParse(args);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `argument ${issue.path.join('.')}` : 'arguments';
    throw new PayloadError(`${verb}: invalid ${where}: ${issue?.message ?? 'invalid value'}`);
  }
  const call = service[verb] as (...a: unknown[]) => Promise<unknown>;
  return call(...(parsed.data as unknown[]));
}
