// Parser cost per token, the engine's hot path (budget: ≤ 2.5 µs CPU per token including HTTP and
// recording, at 1,024 concurrent streams). Prints figures; asserts nothing.
//
//   npm run build && node dist/bench/parsers.js
//
// Bodies are realistic: Ollama NDJSON lines as /api/generate streams them (some reasoning via the
// `thinking` field, then the answer), and llama.cpp-style SSE chat chunks. Each body is fed three
// ways: in 64 KiB pieces to one parser; one line/event per push to one parser (what a live stream
// looks like: each token arrives in its own HTTP chunk); and one line per push round-robin across
// 1,024 parsers (a full-concurrency level). A counting sink keeps recording cost out of the figure.
import { performance } from 'node:perf_hooks';
import type { ServerCounters } from '../common/results.js';
import { ollamaGenerate } from '../main/engine/targets/ollama.js';
import { openaiChat } from '../main/engine/targets/openai.js';
import type { StreamSink, TargetApi } from '../main/engine/targets/target.js';

const TOKENS = 200_000;
const PIECE_CHARS = 64 * 1024;
const STREAMS = 1024;
const ROUNDS = 5;

// Real answers mix in non-Latin-1 text (here: — and 時間); V8 then stores a whole decoded piece as a
// two-byte string, which makes JSON.parse of every line in it slower. ASCII_WORDS shows the difference.
const WORDS = [' The', ' philosophical', ' definition', ' of', ' time', ',', ' as', ' Aristotle', ' put', ' it', ' is',
  ' the', ' number', ' of', ' motion', '.', '\n\n', '**', 'Time', '**', ' —', ' durée', ' (', 'Bergson', ')', ' 時間', ' is', ' not', ' a', ' thing', ' but', ' a', ' relation', '.'];
const ASCII_WORDS = WORDS.map((w) => w.replace(/[^\x00-\x7f]/g, 'x'));

class CountingSink implements StreamSink {
  tokens = 0;
  thinking = 0;
  chars = 0;
  ends = 0;
  problems = 0;
  token(text: string, thinking: boolean): void {
    this.tokens++;
    this.chars += text.length;
    if (thinking) this.thinking++;
  }
  done(_counters: ServerCounters): void {
    this.ends++;
  }
  serverError(): void {
    this.problems++;
  }
  malformed(): void {
    this.problems++;
  }
}

function ollamaLines(count: number, words: readonly string[] = WORDS): string[] {
  const lines: string[] = [];
  const start = Date.parse('2025-07-28T15:43:07.771Z');
  for (let i = 0; i < count; i++) {
    const word = words[i % words.length];
    const at = new Date(start + i * 53).toISOString().replace('Z', '123Z');
    // The first fifth is reasoning, as a thinking-capable Ollama streams it.
    const fields = i < count / 5 ? `"response":"","thinking":${JSON.stringify(word)}` : `"response":${JSON.stringify(word)}`;
    lines.push(`{"model":"deepseek-r1:7b","created_at":"${at}",${fields},"done":false}\n`);
  }
  lines.push(
    '{"model":"deepseek-r1:7b","created_at":"2025-07-28T15:50:00.000Z","response":"","done":true,"done_reason":"stop",' +
      `"total_duration":6664477708,"load_duration":3305274167,"prompt_eval_count":37,"prompt_eval_duration":589342750,"eval_count":${count},"eval_duration":2767720625}\n`,
  );
  return lines;
}

function sseEvents(count: number, words: readonly string[] = WORDS): string[] {
  const events: string[] = [];
  for (let i = 0; i < count; i++) {
    const word = words[i % words.length];
    const delta = i < count / 5 ? `{"reasoning_content":${JSON.stringify(word)}}` : `{"content":${JSON.stringify(word)}}`;
    events.push(
      `data: {"choices":[{"finish_reason":null,"index":0,"delta":${delta}}],"created":1754518951,` +
        `"id":"chatcmpl-vNFkZJhOjej6wdhkhSEvVAqZIJRwLI6x","model":"deepseek-r1","system_fingerprint":"b6097-9515c613","object":"chat.completion.chunk"}\n\n`,
    );
  }
  events.push(
    'data: {"choices":[{"finish_reason":"stop","index":0,"delta":{}}],"created":1754518951,"id":"chatcmpl-x","model":"deepseek-r1","object":"chat.completion.chunk",' +
      `"usage":{"completion_tokens":${count},"prompt_tokens":82,"total_tokens":${count + 82}},"timings":{"prompt_n":82,"prompt_ms":7.61,"predicted_n":${count},"predicted_ms":152.103,"predicted_per_second":282.7}}\n\n`,
    'data: [DONE]\n\n',
  );
  return events;
}

function piecesOf(body: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < body.length; i += size) out.push(body.slice(i, i + size));
  return out;
}

type Feed = (target: TargetApi, sink: CountingSink) => void;

const oneParser =
  (pieces: string[]): Feed =>
  (target, sink) => {
    const parser = target.createParser(sink);
    for (let i = 0; i < pieces.length; i++) parser.push(pieces[i]);
    parser.end();
  };

/** Each stream gets the whole body's lines in turn: line i goes to parser i mod STREAMS. */
const interleaved =
  (units: string[]): Feed =>
  (target, sink) => {
    const parsers = [];
    for (let s = 0; s < STREAMS; s++) parsers.push(target.createParser(sink));
    for (let i = 0; i < units.length; i++) parsers[i % STREAMS].push(units[i]);
    for (const p of parsers) p.end();
  };

interface Figure {
  nsPerToken: number;
  cpuNsPerToken: number;
  sink: CountingSink;
}

function measure(target: TargetApi, feed: Feed): Figure {
  const sink = new CountingSink();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  feed(target, sink);
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { nsPerToken: (wallMs * 1e6) / sink.tokens, cpuNsPerToken: ((cpu.user + cpu.system) * 1e3) / sink.tokens, sink };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function run(label: string, target: TargetApi, feed: Feed, expectedTokens: number): void {
  measure(target, feed); // warm-up: let V8 optimise before timing
  const figures: Figure[] = [];
  for (let r = 0; r < ROUNDS; r++) figures.push(measure(target, feed));
  const { sink } = figures[0];
  const sane = sink.tokens === expectedTokens && sink.problems === 0 && sink.ends >= 1;
  const wall = figures.map((f) => f.nsPerToken);
  const cpu = figures.map((f) => f.cpuNsPerToken);
  console.log(
    `${label.padEnd(44)} ${median(wall).toFixed(0).padStart(6)} ns/token wall (best ${Math.min(...wall).toFixed(0)}), ` +
      `${median(cpu).toFixed(0).padStart(6)} ns/token CPU   tokens=${sink.tokens} thinking=${sink.thinking}${sane ? '' : '  !! UNEXPECTED COUNTS'}`,
  );
}

function jsonParseFloor(label: string, units: string[]): void {
  // The unavoidable part: one JSON.parse per line, nothing else.
  const strip = units.map((u) => (u.startsWith('data: ') ? u.slice(6, u.length - 2) : u.slice(0, u.length - 1)));
  const once = (): number => {
    const t0 = performance.now();
    let n = 0;
    for (let i = 0; i < strip.length; i++) if (JSON.parse(strip[i]) !== null) n++;
    return ((performance.now() - t0) * 1e6) / n;
  };
  once();
  const figures: number[] = [];
  for (let r = 0; r < ROUNDS; r++) figures.push(once());
  console.log(`${label.padEnd(44)} ${median(figures).toFixed(0).padStart(6)} ns/line  (floor: JSON.parse alone)`);
}

function main(): void {
  console.log(`parser benchmark: ${TOKENS} tokens per body, median of ${ROUNDS} rounds after a warm-up, Node ${process.version}`);
  const ndjson = ollamaLines(TOKENS);
  const sse = sseEvents(TOKENS);
  const ndjsonBody = ndjson.join('');
  const sseBody = sse.join('');
  console.log(`bodies: NDJSON ${(ndjsonBody.length / 1e6).toFixed(1)} M chars, SSE ${(sseBody.length / 1e6).toFixed(1)} M chars`);

  run('ollama NDJSON, 64 KiB pieces', ollamaGenerate, oneParser(piecesOf(ndjsonBody, PIECE_CHARS)), TOKENS);
  run('ollama NDJSON, 64 KiB pieces, ASCII-only text', ollamaGenerate, oneParser(piecesOf(ollamaLines(TOKENS, ASCII_WORDS).join(''), PIECE_CHARS)), TOKENS);
  run('ollama NDJSON, one line per push', ollamaGenerate, oneParser(ndjson), TOKENS);
  run(`ollama NDJSON, one line per push, ${STREAMS} streams`, ollamaGenerate, interleaved(ndjson), TOKENS);
  jsonParseFloor('ollama NDJSON line', ndjson.slice(0, TOKENS));

  run('openai SSE, 64 KiB pieces', openaiChat, oneParser(piecesOf(sseBody, PIECE_CHARS)), TOKENS);
  run('openai SSE, 64 KiB pieces, ASCII-only text', openaiChat, oneParser(piecesOf(sseEvents(TOKENS, ASCII_WORDS).join(''), PIECE_CHARS)), TOKENS);
  run('openai SSE, one event per push', openaiChat, oneParser(sse), TOKENS);
  run(`openai SSE, one event per push, ${STREAMS} streams`, openaiChat, interleaved(sse), TOKENS);
  jsonParseFloor('openai SSE event', sse.slice(0, TOKENS));
}

main();
