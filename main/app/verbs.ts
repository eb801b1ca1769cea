// main's dispatch of a verb call (IPC and web mode alike): the arguments must pass the verb's schema in
// common/api-verbs.ts before the service sees them.
import { API_VERB_TABLE, type ApiVerb, type ParsedVerbArgs, type VerbHandlers, type VerbResult } from '../../common/api-verbs.js';

/** The payload failed its verb's schema; the message names the first bad argument. */
export class PayloadError extends Error {
  override name = 'PayloadError';
}

/** Validates `args` for `verb` and calls its handler. */
export async function callVerb<V extends ApiVerb>(handlers: VerbHandlers, verb: V, args: unknown): Promise<VerbResult<V>> {
  const parsed = API_VERB_TABLE[verb].args.safeParse(args);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `argument ${issue.path.join('.')}` : 'arguments';
    throw new PayloadError(`${verb}: invalid ${where}: ${issue?.message ?? 'invalid value'}`);
  }
  const handler: (...args: ParsedVerbArgs<V>) => Promise<VerbResult<V>> = handlers[verb];
  // parsed.data is ParsedVerbArgs<V> by definition; TypeScript widens API_VERB_TABLE[verb] to every verb's schema.
  return handler(...(parsed.data as ParsedVerbArgs<V>));
}
