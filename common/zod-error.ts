// A zod error as the one line every edge shows (CLI, app refusals, the Setup form).
import type { core } from 'zod/mini';

/** The first issue: `path: message`, or the message alone when it concerns the whole value. */
export function describeZodError(error: core.$ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid value';
  return issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
}
