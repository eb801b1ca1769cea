import { rootCertificates } from 'node:tls';
import { Agent, Pool } from 'undici';

/**
 * How every request reaches the target (issue 14, remote servers): headers sent with each request
 * (`--header`, the API key's `Authorization`) and TLS trust (`--ca`, `--insecure`). The header values
 * are secrets: nothing here is ever recorded (run.json keeps ConnectionInfo: the names only).
 */
export interface ConnectionOptions {
  readonly headers: Readonly<Record<string, string>>;
  /** PEM text of CA certificates to trust besides the system's (`--ca FILE`). */
  readonly ca?: string;
  /** Accept any certificate (`--insecure`): encryption without authentication. */
  readonly insecure: boolean;
}

/** Shorter header values (`X-Team: ml`) are not treated as secrets: redacting them would mangle every text that holds the word. */
const MIN_SECRET_CHARS = 8;

/**
 * Every secret of a connection, for redaction (main/run/redact.ts): the Authorization value and its bearer
 * token alone, and every other header value of at least MIN_SECRET_CHARS characters.
 */
export function connectionSecrets(connection: ConnectionOptions): string[] {
  const secrets: string[] = [];
  for (const [name, value] of Object.entries(connection.headers)) {
    const authorization = name.toLowerCase() === 'authorization';
    if (value === '' || (!authorization && value.length < MIN_SECRET_CHARS)) continue;
    secrets.push(value);
    // `Bearer KEY`: a server may echo the key alone.
    const bearer = /^Bearer\s+(.+)$/i.exec(value);
    if (bearer) secrets.push(bearer[1]);
  }
  return secrets;
}

/** No extra header, the system's CAs: a local server. */
export const PLAIN_CONNECTION: ConnectionOptions = { headers: {}, insecure: false };

/** undici's `connect` options for the connection's TLS trust; undefined when it has none of its own. */
function connectOptions(connection: ConnectionOptions): { ca?: string[]; rejectUnauthorized?: boolean } | undefined {
  if (connection.insecure) return { rejectUnauthorized: false };
  // Node's `ca` replaces the system's CAs; keep them, so --ca adds a private CA rather than trusting it alone.
  if (connection.ca !== undefined) return { ca: [...rootCertificates, connection.ca] };
  return undefined;
}

/**
 * A pool with one connection per in-flight request: no request ever waits behind another on a
 * socket (no head-of-line blocking), so the client never adds to the server's queue. `null`: as many
 * connections as requests in flight (a rate level without a cap).
 */
export function createPool(origin: string, connections: number | null, connection: ConnectionOptions = PLAIN_CONNECTION): Pool {
  const connect = connectOptions(connection);
  return new Pool(origin, {
    connections,
    pipelining: 1,
    headersTimeout: 0,
    bodyTimeout: 0,
    connectTimeout: 10_000,
    // Keep warm sockets through a level's cooldown-free start; the server may still close them.
    keepAliveTimeout: 60_000,
    keepAliveMaxTimeout: 600_000,
    ...(connect ? { connect } : {}),
  });
}

/** A dispatcher for the few one-off requests around a run (detection, tokenizer, settings) with the connection's TLS trust. */
export function createAgent(connection: ConnectionOptions = PLAIN_CONNECTION): Agent {
  const connect = connectOptions(connection);
  return new Agent({ connectTimeout: 10_000, ...(connect ? { connect } : {}) });
}

/**
 * Opens `count` sockets before a level starts, so TCP setup is not billed to TTFT: `count` concurrent
 * cheap GETs on a pipelining-1 pool each need their own connection, which stays open for reuse.
 * Best effort: a failure here shows up, classified, in the level's own requests.
 */
export async function warmConnections(
  pool: Pool,
  path: string,
  count: number,
  timeoutMs: number,
  headers: Readonly<Record<string, string>> = PLAIN_CONNECTION.headers,
): Promise<void> {
  const attempts = Array.from({ length: count }, async () => {
    try {
      const res = await pool.request({
        path,
        method: 'GET',
        headers,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        signal: AbortSignal.timeout(timeoutMs),
      });
      await res.body.dump();
    } catch {
      // reported by the real requests
    }
  });
  await Promise.all(attempts);
}
