import type { IncomingMessage, ServerResponse } from 'node:http';

/** An answer with a status and a message; the route's API decides how the body spells it. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** Far above any prompt a benchmark sends, far below what could hurt the process. */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

export async function readJsonBody(req: IncomingMessage, limit: number = MAX_BODY_BYTES): Promise<Record<string, unknown>> {
  const pieces: Buffer[] = [];
  let size = 0;
  for await (const piece of req) {
    const buffer = piece as Buffer;
    size += buffer.length;
    if (size > limit) throw new HttpError(413, `request body is larger than ${limit} bytes`);
    pieces.push(buffer);
  }
  const text = Buffer.concat(pieces).toString('utf8');
  if (text.trim() === '') return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new HttpError(400, `invalid JSON body: ${(error as Error).message}`);
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new HttpError(400, 'the request body must be a JSON object');
  }
  return body as Record<string, unknown>;
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/**
 * A streamed 200 answer whose headers go out with the first chunk, so that anything that fails before
 * (a full queue, a bad request) can still answer with its own status.
 *
 * Chunks are written one event-loop turn later, after the generation loop has queued its next decode:
 * the socket write and the wake-up of the reading client then overlap with the decode instead of
 * delaying it (on a 2-core machine this was most of the HTTP layer's cost).
 */
export class ChunkWriter {
  private pending: string[] = [];
  private scheduled = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly contentType: string,
  ) {}

  /** False once the client has gone: writing then is pointless. */
  get open(): boolean {
    return !this.res.destroyed && !this.res.writableEnded;
  }

  write(text: string): void {
    if (!this.open) return;
    this.pending.push(text);
    if (this.scheduled) return;
    this.scheduled = true;
    // Two turns: the decode is dispatched from a setImmediate queued after this one.
    setImmediate(() => setImmediate(() => this.flush()));
  }

  end(text = ''): void {
    if (!this.open) return;
    if (text !== '') this.pending.push(text);
    this.flush();
    if (!this.res.headersSent) this.res.writeHead(200, { 'content-type': this.contentType });
    this.res.end();
  }

  private flush(): void {
    this.scheduled = false;
    if (this.pending.length === 0 || !this.open) return;
    if (!this.res.headersSent) {
      this.res.writeHead(200, { 'content-type': this.contentType, 'cache-control': 'no-cache' });
    }
    this.res.write(this.pending.length === 1 ? this.pending[0] : this.pending.join(''));
    this.pending = [];
  }
}
