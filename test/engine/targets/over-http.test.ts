// The parsers fed the way the engine feeds them: bytes from a real socket, in whatever pieces TCP
// delivers, decoded by a streaming UTF-8 decoder (so multi-byte characters split across writes
// arrive whole), pushed piece by piece.
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StringDecoder } from 'node:string_decoder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ollamaChat } from '../../../main/engine/targets/ollama.js';
import { openaiChat } from '../../../main/engine/targets/openai.js';
import type { TargetApi } from '../../../main/engine/targets/target.js';
import { RecordingSink, parsePieces } from './recording-sink.js';

const WRITE_BYTES = 5;

const ollamaBody =
  [
    { message: { role: 'assistant', content: '', thinking: 'Réfléchissons ' } },
    { message: { role: 'assistant', content: '時間とは' } },
    { message: { role: 'assistant', content: ' 🕰️ — naïve' } },
    { message: { role: 'assistant', content: '' }, done: true, done_reason: 'stop', eval_count: 3, eval_duration: 1_500_000_000 },
  ]
    .map((o) => JSON.stringify({ model: 'm', ...o }))
    .join('\n') + '\n';

const openaiBody =
  [
    { choices: [{ delta: { role: 'assistant', content: '' } }] },
    { choices: [{ delta: { reasoning_content: 'Réfléchissons ' } }] },
    { choices: [{ delta: { content: '時間とは' } }] },
    { choices: [{ delta: { content: ' 🕰️ — naïve' }, finish_reason: 'stop' }] },
    { choices: [], usage: { prompt_tokens: 4, completion_tokens: 3 } },
  ]
    .map((o) => `data: ${JSON.stringify(o)}\n\n`)
    .join('') + 'data: [DONE]\n\n';

let server: Server;
let port = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    const body = Buffer.from(req.url === '/openai' ? openaiBody : ollamaBody, 'utf8');
    res.writeHead(200, { 'content-type': req.url === '/openai' ? 'text/event-stream' : 'application/x-ndjson' });
    let at = 0;
    const writeNext = (): void => {
      if (at >= body.length) {
        res.end();
        return;
      }
      res.write(body.subarray(at, at + WRITE_BYTES));
      at += WRITE_BYTES;
      setImmediate(writeNext);
    };
    writeNext();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function streamThrough(target: TargetApi, urlPath: string): Promise<{ sink: RecordingSink; pushes: number }> {
  return new Promise((resolve, reject) => {
    const sink = new RecordingSink();
    const parser = target.createParser(sink);
    const decoder = new StringDecoder('utf8');
    let pushes = 0;
    const req = request({ host: '127.0.0.1', port, path: urlPath, method: 'GET', timeout: 5000 }, (res) => {
      res.on('data', (chunk: Buffer) => {
        pushes++;
        parser.push(decoder.write(chunk));
      });
      res.on('end', () => {
        parser.push(decoder.end());
        parser.end();
        resolve({ sink, pushes });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('no response within 5 s')));
    req.on('error', reject);
    req.end();
  });
}

describe('parsers over a real HTTP stream in 5-byte writes', () => {
  it('ollama chat NDJSON', async () => {
    const { sink, pushes } = await streamThrough(ollamaChat, '/ollama');
    expect(pushes).toBeGreaterThan(1);
    expect(sink.events).toEqual(parsePieces(ollamaChat, [ollamaBody]).events);
    expect(sink.thinkingText()).toBe('Réfléchissons ');
    expect(sink.answerText()).toBe('時間とは 🕰️ — naïve');
    expect(sink.doneCounters()).toEqual([{ outputTokens: 3, evalMs: 1500, tokensPerSecond: 2, doneReason: 'stop' }]);
  });

  it('openai SSE', async () => {
    const { sink, pushes } = await streamThrough(openaiChat, '/openai');
    expect(pushes).toBeGreaterThan(1);
    expect(sink.events).toEqual(parsePieces(openaiChat, [openaiBody]).events);
    expect(sink.thinkingText()).toBe('Réfléchissons ');
    expect(sink.answerText()).toBe('時間とは 🕰️ — naïve');
    expect(sink.doneCounters()).toEqual([{ promptTokens: 4, outputTokens: 3, doneReason: 'stop' }]);
  });
});
