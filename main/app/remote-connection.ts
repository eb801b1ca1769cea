// Setup's remote-server fields and the keychain's API key → what every request of an app run sends and
// what its run.json may say of it (issue 14). The same header rules as the CLI's --header.
import { readFile } from 'node:fs/promises';
import { isAuthorizationHeader, parseHeaderLines } from '../../common/connection-fields.js';
import type { ConnectionInfo } from '../../common/run-config.js';
import type { RemoteSettings } from '../../common/settings.js';
import type { ConnectionOptions } from '../engine/connection-pool.js';

/** Settings that cannot reach the server as asked; one line for the UI. */
export class RemoteSettingsError extends Error {
  override name = 'RemoteSettingsError';
}

export interface AppConnection {
  options: ConnectionOptions;
  info: ConnectionInfo;
}

/** undefined when nothing is set (a local server). */
export async function connectionFromSettings(remote: RemoteSettings | undefined, apiKey: string | null, url: string): Promise<AppConnection | undefined> {
  const lines = (remote?.headers ?? []).filter((line) => line.trim() !== '');
  const parsed = parseHeaderLines(lines);
  if ('problem' in parsed) throw new RemoteSettingsError(`Headers: ${parsed.problem}`);
  const headers = parsed.headers;
  if (apiKey !== null) {
    if (Object.keys(headers).some(isAuthorizationHeader)) throw new RemoteSettingsError('Headers: Authorization is set both as a header and by the API key; keep one');
    headers.Authorization = `Bearer ${apiKey}`;
  }
  const caFile = remote?.caFile ?? null;
  const insecure = remote?.insecure === true;
  if ((caFile !== null || insecure) && !url.startsWith('https:')) throw new RemoteSettingsError('CA file and certificate check apply to an https:// server URL');
  if (Object.keys(headers).length === 0 && caFile === null && !insecure) return undefined;
  let ca: string | undefined;
  if (caFile !== null && !insecure) {
    try {
      ca = await readFile(caFile, 'utf8');
    } catch (error) {
      throw new RemoteSettingsError(`CA file: cannot read ${caFile} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
    if (!ca.includes('-----BEGIN CERTIFICATE-----')) throw new RemoteSettingsError(`CA file: ${caFile} holds no PEM certificate`);
  }
  return {
    options: { headers, insecure, ...(ca === undefined ? {} : { ca }) },
    info: {
      headerNames: Object.keys(headers).filter((name) => apiKey === null || name !== 'Authorization'),
      apiKey: apiKey !== null,
      ...(ca === undefined ? {} : { caFile: caFile ?? undefined }),
      insecure,
    },
  };
}
