// The values of `tokenbench run`'s workload and remote-server flags (issue 14): lengths `N[:SD]`, headers
// `Name: value`, the API key. Secrets (header values, the key) leave here only inside ConnectionOptions,
// which nothing records; run.json gets ConnectionInfo (header names, whether a key was sent).
import { isAuthorizationHeader, parseHeaderLines } from '../../common/connection-fields.js';
import { MAX_INPUT_TOKENS, type ConnectionInfo, type LengthSpec } from '../../common/run-config.js';
import type { ConnectionOptions } from '../engine/connection-pool.js';
import { CliError } from './errors.js';
import { quote } from './flag-values.js';
import { readCaFile } from './input-files.js';

/** The environment variable that holds the API key when `--api-key` is not given (keeps it out of `ps`). */
export const API_KEY_ENV = 'TOKENBENCH_API_KEY';

const LENGTH = /^(\d+)(?::(\d+(?:\.\d+)?))?$/;

/** `N` or `N:SD` (mean tokens and the standard deviation of a normal distribution), 1 ≤ N ≤ MAX_INPUT_TOKENS. */
export function parseLength(flag: string, raw: string): LengthSpec {
  const match = LENGTH.exec(raw.trim());
  if (match === null) throw new CliError(`${flag}: ${quote(raw)} is not a whole number (expected N or N:SD, e.g. 512 or 512:64)`);
  const mean = Number(match[1]);
  const sd = match[2] === undefined ? 0 : Number(match[2]);
  if (mean < 1) throw new CliError(`${flag}: ${mean} is too small (expected at least 1 token)`);
  if (mean > MAX_INPUT_TOKENS) throw new CliError(`${flag}: ${match[1]} is too large (expected at most ${MAX_INPUT_TOKENS} tokens)`);
  if (sd > MAX_INPUT_TOKENS) throw new CliError(`${flag}: standard deviation ${match[2]} is too large (at most ${MAX_INPUT_TOKENS})`);
  return { mean, sd };
}

/** `--header 'Name: value'`, each name once (common/connection-fields.ts). */
export function parseHeaders(flag: string, raws: readonly string[]): Record<string, string> {
  const parsed = parseHeaderLines(raws);
  if ('problem' in parsed) throw new CliError(`${flag}: ${parsed.problem}`);
  return parsed.headers;
}

export interface RemoteFlags {
  header?: string[];
  'api-key'?: string;
  ca?: string;
  insecure?: boolean;
}

/**
 * `--header`, `--api-key` (else TOKENBENCH_API_KEY), `--ca`, `--insecure` → what every request uses and what
 * run.json may say of it; undefined when none is given (a plain local server).
 */
export function connectionFromFlags(values: RemoteFlags, url: string, env: NodeJS.ProcessEnv): { options: ConnectionOptions; info: ConnectionInfo } | undefined {
  const headers = parseHeaders('--header', values.header ?? []);
  const key = values['api-key'] ?? env[API_KEY_ENV];
  const keySource = values['api-key'] !== undefined ? '--api-key' : API_KEY_ENV;
  if (key !== undefined) {
    if (key.trim() === '') throw new CliError(`${keySource}: empty value (expected the server's API key)`);
    if (/[\r\n\0]/.test(key)) throw new CliError(`${keySource}: the key holds a line break`);
    if (Object.keys(headers).some(isAuthorizationHeader)) {
      throw new CliError(`${keySource} and --header Authorization cannot be used together (the key is sent as Authorization: Bearer KEY)`);
    }
    headers.Authorization = `Bearer ${key.trim()}`;
  }
  if (values.ca !== undefined && values.insecure === true) throw new CliError('--ca and --insecure cannot be used together (trust one CA, or skip the check)');
  const tls = values.ca !== undefined || values.insecure === true;
  if (tls && !url.startsWith('https:')) throw new CliError(`${values.ca !== undefined ? '--ca' : '--insecure'}: only applies to an https:// --url`);
  if (Object.keys(headers).length === 0 && !tls) return undefined;
  const ca = values.ca === undefined ? undefined : readCaFile('--ca', values.ca);
  return {
    options: { headers, insecure: values.insecure === true, ...(ca === undefined ? {} : { ca }) },
    info: {
      headerNames: Object.keys(headers).filter((name) => key === undefined || name !== 'Authorization'),
      apiKey: key !== undefined,
      ...(values.ca === undefined ? {} : { caFile: values.ca }),
      insecure: values.insecure === true,
    },
  };
}
