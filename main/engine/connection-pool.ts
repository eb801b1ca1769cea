import { Pool } from 'undici';

/**
 * A pool with one connection per in-flight request: no request ever waits behind another on a
 * socket (no head-of-line blocking), so the client never adds to the server's queue. `null`: as many
 * connections as requests in flight (a rate level without a cap).
 */
export function createPool(origin: string, connections: number | null): Pool {
  return new Pool(origin, {
    connections,
    pipelining: 1,
    headersTimeout: 0,
    bodyTimeout: 0,
    connectTimeout: 10_000,
    // Keep warm sockets through a level's cooldown-free start; the server may still close them.
    keepAliveTimeout: 60_000,
    keepAliveMaxTimeout: 600_000,
  });
}

/**
 * Opens `count` sockets before a level starts, so TCP setup is not billed to TTFT: `count` concurrent
 * cheap GETs on a pipelining-1 pool each need their own connection, which stays open for reuse.
 * Best effort: a failure here shows up, classified, in the level's own requests.
 */
export async function warmConnections(pool: Pool, path: string, count: number, timeoutMs: number): Promise<void> {
  const attempts = Array.from({ length: count }, async () => {
    try {
      const res = await pool.request({
        path,
        method: 'GET',
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
