import type { ErrorKind } from '../../common/results.js';

// main/metrics/types.ts holds the same list as a value; the renderer takes only types from main.
export const ERROR_KINDS: readonly ErrorKind[] = ['connect', 'http', 'timeout', 'idle-timeout', 'truncated', 'malformed', 'server-error', 'cancelled'];
