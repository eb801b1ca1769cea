// Shared by the serve tests: a small HTTP client on node:http whose
// every wait has a timeout and whose connections can be cut like a client that goes away.
import { request, type IncomingHttpHeaders } from 'node:http';


export const WAIT_MS = 20_000;

export function withTimeout<T>(promise: Promise<T>, what: string, ms = WAIT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Polls `check` every 10 ms until it is true; fails after `ms`. */
export async function waitUntil(check: () => boolean, what: string, ms = WAIT_MS): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export interface OpenStream {
  status: number;
  headers: IncomingHttpHeaders;
  /** The next line of the body (without its newline), or null at the end. */
  nextLine(): Promise<string | null>;
  /** Every remaining line until the end. */
  rest(): Promise<string[]>;
  /** Cuts the connection, as a client that goes away. */
  destroy(): void;
}

/** Sends a request on its own connection and resolves once the status line arrives. */
export function openStream(
  baseUrl: string,
  path: string,
  body?: unknown,
  method = body === undefined ? 'GET' : 'POST',
  signal?: AbortSignal,
): Promise<OpenStream> {
  const url = new URL(path, baseUrl);
  const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  return withTimeout(
    new Promise<OpenStream>((resolvePromise, reject) => {
      const req = request(url, { method, agent: false, headers: payload === undefined ? {} : { 'content-type': 'application/json' } }, (res) => {
        const lines: string[] = [];
        const waiters: Array<(line: string | null) => void> = [];
        let buffered = '';
        let ended = false;
        const deliver = (line: string | null): void => {
          const waiter = waiters.shift();
          if (waiter) waiter(line);
          else if (line !== null) lines.push(line);
        };
        res.setEncoding('utf8');
        res.on('data', (text: string) => {
          buffered += text;
          let newline: number;
          while ((newline = buffered.indexOf('\n')) !== -1) {
            deliver(buffered.slice(0, newline));
            buffered = buffered.slice(newline + 1);
          }
        });
        const finish = (): void => {
          if (ended) return;
          ended = true;
          if (buffered !== '') deliver(buffered);
          buffered = '';
          while (waiters.length > 0) waiters.shift()?.(null);
        };
        res.on('end', finish);
        res.on('close', finish);
        res.on('error', finish);
        const nextLine = (): Promise<string | null> => {
          if (lines.length > 0) return Promise.resolve(lines.shift() ?? null);
          if (ended) return Promise.resolve(null);
          return withTimeout(new Promise((r) => waiters.push(r)), `a line from ${path}`);
        };
        resolvePromise({
          status: res.statusCode ?? 0,
          headers: res.headers,
          nextLine,
          rest: async () => {
            const all: string[] = [];
            for (let line = await nextLine(); line !== null; line = await nextLine()) all.push(line);
            return all;
          },
          destroy: () => req.destroy(),
        });
      });
      req.on('error', reject);
      // Leaving before the answer starts: a client that gives up while its request waits in a queue.
      signal?.addEventListener('abort', () => req.destroy(new Error('client gave up')), { once: true });
      req.end(payload);
    }),
    `the response to ${path}`,
  );
}

/** A whole answer: status and body text. */
export async function fetchText(baseUrl: string, path: string, body?: unknown, method?: string): Promise<{ status: number; text: string }> {
  const stream = await openStream(baseUrl, path, body, method);
  const lines = await stream.rest();
  return { status: stream.status, text: lines.join('\n') };
}

export async function fetchJson(baseUrl: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const { status, text } = await fetchText(baseUrl, path, body);
  return { status, json: JSON.parse(text) as Record<string, unknown> };
}

/** NDJSON lines parsed. */
export function parseLines(lines: string[]): Array<Record<string, unknown>> {
  return lines.filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** SSE `data:` payloads, `[DONE]` kept as the string. */
export function sseData(lines: string[]): Array<Record<string, unknown> | '[DONE]'> {
  return lines
    .filter((line) => line.startsWith('data: '))
    .map((line) => line.slice('data: '.length))
    .map((data) => (data === '[DONE]' ? '[DONE]' : (JSON.parse(data) as Record<string, unknown>)));
}
