// The scripted server's tokenizer and prompt cache (issue 14), both on words: a token is a run of
// non-space characters. `/tokenize` answers with one id per word; with `promptCache` the server keeps the
// word sequence of each finished request (its prompt, then its answer) and a new prompt's longest common
// prefix with any of them is "cached", as llama.cpp reports it (timings.cache_n) and newer Ollama does
// (prompt_eval_cached_count).
import { createHash } from 'node:crypto';

/** Tokens a chat template adds besides one per message (its role header): the assistant's header. */
export const CHAT_TEMPLATE_TOKENS = 2;

export function words(text: string): string[] {
  return text.split(/\s+/).filter((w) => w !== '');
}

/** Stable token ids for `/tokenize`: 1..50000 from each word's hash. */
export function wordIds(text: string): number[] {
  return words(text).map((w) => (createHash('sha1').update(w).digest().readUInt32BE(0) % 50_000) + 1);
}

/** The prompt as the server sees it, in words: each message's role as one word, then its content. */
export function promptWords(body: Record<string, unknown>): string[] {
  if (typeof body.prompt === 'string') return words(body.prompt);
  if (!Array.isArray(body.messages)) return [];
  const out: string[] = [];
  for (const m of body.messages) {
    if (typeof m !== 'object' || m === null) continue;
    const { role, content } = m as { role?: unknown; content?: unknown };
    out.push(`<${typeof role === 'string' ? role : '?'}>`);
    if (typeof content === 'string') out.push(...words(content));
  }
  return out;
}

/** What the server kept of earlier requests; the longest shared prefix of a new prompt is cached. */
export class PromptCache {
  private readonly kept: string[][] = [];

  constructor(private readonly capacity = 256) {}

  /** Words of `prompt` found at the start of a kept sequence, but never the whole prompt (its last token is always evaluated). */
  cached(prompt: readonly string[]): number {
    let best = 0;
    for (const seq of this.kept) {
      const limit = Math.min(seq.length, prompt.length - 1);
      let i = 0;
      while (i < limit && seq[i] === prompt[i]) i++;
      if (i > best) best = i;
    }
    return best;
  }

  /** Keeps a finished request's prompt and answer, in words (the answer as a chat client resends it). */
  keep(prompt: readonly string[], answer: string): void {
    this.kept.push([...prompt, '<assistant>', ...words(answer)]);
    if (this.kept.length > this.capacity) this.kept.shift();
  }
}
