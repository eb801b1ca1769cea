import { HttpError } from './http-io.js';

/**
 * Characters of prompt tokenized per token of context, at most. Real text averages about 4 characters per
 * token and the longest tokens of common vocabularies are runs of 16 spaces or so; a prompt longer than
 * context × 32 characters is refused before the tokenizer runs. Tokenizing is synchronous native work on
 * the server's only thread: a 4 MB prompt stalled every other stream for 4 s, which would distort the very
 * benchmark this server is for.
 */
export const MAX_PROMPT_CHARS_PER_TOKEN = 32;

/** Longest prompt (in UTF-16 characters, all messages together) this server tokenizes for a context of `contextSize` tokens. */
export function maxPromptChars(contextSize: number): number {
  return contextSize * MAX_PROMPT_CHARS_PER_TOKEN;
}

/** Throws HTTP 400 (as Ollama answers a prompt that cannot fit) for a prompt of more than maxPromptChars characters. */
export function checkPromptChars(chars: number, contextSize: number): void {
  const max = maxPromptChars(contextSize);
  if (chars <= max) return;
  throw new HttpError(
    400,
    `the prompt is ${chars} characters but this server tokenizes at most ${max} (${MAX_PROMPT_CHARS_PER_TOKEN} per token of its ${contextSize}-token context); start the server with a larger --ctx`,
  );
}

/** The characters of a chat's messages, as checkPromptChars counts them. */
export function chatChars(messages: readonly { content: string }[]): number {
  let chars = 0;
  for (const message of messages) chars += message.content.length;
  return chars;
}
