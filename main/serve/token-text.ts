import type { Token } from 'node-llama-cpp';

/** node-llama-cpp's `model.detokenize(tokens, specialTokens, lastTokens)`, narrowed to what we use. */
export type Detokenize = (tokens: readonly Token[], lastTokens: readonly Token[]) => string;

const REPLACEMENT_CHAR = '\uFFFD';
/** A UTF-8 character has at most 4 bytes, so at most 4 byte-tokens can be waiting for the rest of it. */
const MAX_PENDING_TOKENS = 4;
/** Enough preceding tokens for the detokenizer to decide on a leading space. */
const CONTEXT_TOKENS = 8;

/**
 * Turns generated tokens into text one token at a time. A token that holds only part of a multi-byte
 * UTF-8 character detokenizes to U+FFFD; such tokens are held back and emitted together with the token
 * that completes the character, so no chunk ever carries a broken character.
 */
export class IncrementalDetokenizer {
  private readonly pending: Token[] = [];
  private context: Token[];

  constructor(
    private readonly detokenize: Detokenize,
    /** The tokens before the first generated one (the prompt's tail), for correct leading spaces. */
    precedingTokens: readonly Token[] = [],
  ) {
    this.context = precedingTokens.slice(-CONTEXT_TOKENS);
  }

  /** The text this token completes; '' while a character is still incomplete. */
  push(token: Token): string {
    this.pending.push(token);
    const text = this.detokenize(this.pending, this.context);
    if (text.endsWith(REPLACEMENT_CHAR) && this.pending.length < MAX_PENDING_TOKENS) return '';
    this.commit();
    return text;
  }

  /** Whatever is still held back at the end of generation (may contain U+FFFD if it never completed). */
  flush(): string {
    if (this.pending.length === 0) return '';
    const text = this.detokenize(this.pending, this.context);
    this.commit();
    return text;
  }

  private commit(): void {
    this.context = [...this.context, ...this.pending].slice(-CONTEXT_TOKENS);
    this.pending.length = 0;
  }
}
