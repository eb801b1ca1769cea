// Reasoning models on older servers (Ollama before the `thinking` field, llama.cpp with
// `--reasoning-format none`) stream their reasoning inline: `<think>` … `</think>` inside the answer
// text. This tells the two sections apart, chunk by chunk.
//
// Rules, chosen to keep the per-chunk cost to at most one short `indexOf`:
// - Active only when the first token-carrying chunk that is not pure whitespace starts with
//   `<think>` (after optional whitespace). Otherwise every chunk is answer and nothing is scanned
//   again. Pure-whitespace chunks before that decision are answer. A template that pre-fills
//   `<think>` into the prompt (output then holds only `</think>`) is therefore not detected.
// - From the `<think>` chunk through the chunk containing `</think>`, chunks are thinking; the tag
//   chunks themselves count as thinking tokens.
// - A chunk is classified as a whole, by where it starts: "</think>\n\nThe" is ONE thinking chunk,
//   so `chunks` counts each server chunk exactly once (one sink.token call per chunk). The answer
//   text glued after `</think>` in that same chunk is attributed to thinking. Servers send these
//   tags as their own special tokens, so the glued case is rare.

const OPEN_TAG = '<think>';
const CLOSE_TAG = '</think>';

const UNDECIDED = 0;
const THINKING = 1;
const ANSWER = 2;

export class ThinkTagClassifier {
  private state: typeof UNDECIDED | typeof THINKING | typeof ANSWER = UNDECIDED;

  /** Whether this token-carrying chunk belongs to the reasoning section. Call once per chunk, in order. */
  isThinking(text: string): boolean {
    if (this.state === ANSWER) return false;
    if (this.state === THINKING) {
      if (text.indexOf(CLOSE_TAG) !== -1) this.state = ANSWER;
      return true;
    }
    const start = firstNonWhitespace(text);
    if (start === -1) return false;
    if (!text.startsWith(OPEN_TAG, start)) {
      this.state = ANSWER;
      return false;
    }
    this.state = text.indexOf(CLOSE_TAG, start + OPEN_TAG.length) === -1 ? THINKING : ANSWER;
    return true;
  }
}

function firstNonWhitespace(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return i;
  }
  return -1;
}
