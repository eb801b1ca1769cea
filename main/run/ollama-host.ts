// OLLAMA_HOST names where Ollama listens when it is not on 127.0.0.1:11434. Discovery probes it too,
// read the way Ollama reads it (envconfig.Host), but only ever on this machine's loopback.
import { isIP } from 'node:net';

const OLLAMA_PORT = 11434;
/** Ollama's default port for a value with an http:// or https:// scheme and no port. */
const SCHEME_PORTS: Record<string, number> = { http: 80, https: 443 };
/** Listening on every interface includes loopback: probe 127.0.0.1 there. */
const EVERY_INTERFACE = new Set(['', '0.0.0.0', '::']);

/**
 * The loopback origin OLLAMA_HOST names, or null when it is unset, names another machine, or asks for
 * https (discovery speaks plain HTTP). Forms: `host`, `host:port`, `:port`, `[::1]:port`,
 * `scheme://host:port[/path]`; 0.0.0.0, `::` and an empty host mean every interface (→ 127.0.0.1),
 * `localhost` is 127.0.0.1; a port that is not one gives Ollama's default, as Ollama does.
 */
export function ollamaHostOrigin(value: string | undefined): string | null {
  const raw = (value ?? '').trim();
  if (raw === '') return null;
  const schemeAt = raw.indexOf('://');
  const scheme = schemeAt < 0 ? 'http' : raw.slice(0, schemeAt).toLowerCase();
  if (scheme !== 'http') return null;
  const defaultPort = schemeAt < 0 ? OLLAMA_PORT : (SCHEME_PORTS[scheme] ?? OLLAMA_PORT);
  const hostPort = (schemeAt < 0 ? raw : raw.slice(schemeAt + 3)).split('/')[0] ?? '';
  const { host, port } = splitHostPort(hostPort, defaultPort);
  const loopback = loopbackHost(host);
  return loopback === null ? null : `http://${loopback}:${port}`;
}

/** Go's net.SplitHostPort, falling back (as Ollama does) to the whole text as the host on the default port. */
function splitHostPort(text: string, defaultPort: number): { host: string; port: number } {
  const bracketed = /^\[([^\]]*)\](?::(.*))?$/.exec(text);
  let host: string;
  let portText: string | undefined;
  if (bracketed) {
    host = bracketed[1] ?? '';
    portText = bracketed[2];
  } else if (isIP(text) === 6 || !text.includes(':')) {
    host = text;
  } else {
    const colon = text.lastIndexOf(':');
    host = text.slice(0, colon);
    portText = text.slice(colon + 1);
  }
  const port = portText === undefined || !/^\d{1,5}$/.test(portText) || Number(portText) > 65_535 ? defaultPort : Number(portText);
  return { host, port };
}

/** The host to probe for `host`, or null when it is not this machine's loopback. */
function loopbackHost(host: string): string | null {
  const name = host.toLowerCase();
  if (EVERY_INTERFACE.has(name) || name === 'localhost') return '127.0.0.1';
  if (isIP(name) === 4 && name.startsWith('127.')) return name;
  if (name === '::1') return '[::1]';
  return null;
}
