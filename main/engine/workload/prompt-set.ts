// Prompt sets (`--prompt-file`): a plain text file (one prompt), JSONL (`{"prompt"}`, `{"messages"}` or
// `{"conversations"}` per line) or ShareGPT-format JSON (an array of `{"conversations": [{from, value}]}`),
// read into one shape the request plan draws from. Pure: the CLI reads the file and hashes it.
import type { PromptSetFormat } from '../../../common/run-config.js';
import type { ChatTurn } from '../targets/target.js';

/**
 * One entry of a set: the messages sent as they are before its first turn (system messages, a JSONL
 * item's fixed history) and its user messages, one per turn of a conversation (a ShareGPT
 * conversation's human turns; one for every other kind of entry).
 */
export interface PromptItem {
  prefix: readonly ChatTurn[];
  users: readonly string[];
}

export interface PromptSet {
  format: PromptSetFormat;
  items: readonly PromptItem[];
  /** Entries left out because they hold no user message (ShareGPT files have some), counted for a note. */
  skipped: number;
}

/** The file cannot be read as a prompt set; the message is one line (the CLI adds the flag and the path). */
export class PromptSetError extends Error {
  override name = 'PromptSetError';
}

/** The format a file is read as: by its extension, so a plain prompt that happens to look like JSON stays a prompt. */
export function promptSetFormatOf(path: string): PromptSetFormat {
  const lower = path.toLowerCase();
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) return 'jsonl';
  if (lower.endsWith('.json')) return 'sharegpt';
  return 'text';
}

/** Reads `text` (already strict UTF-8, BOM dropped) in `format`. Throws PromptSetError when it holds no prompt or a malformed entry. */
export function parsePromptSet(text: string, format: PromptSetFormat): PromptSet {
  if (format === 'text') {
    const prompt = text.replace(/(\r?\n)+$/, '');
    if (prompt.trim() === '') throw new PromptSetError('is empty');
    return { format, items: [{ prefix: [], users: [prompt] }], skipped: 0 };
  }
  const entries = format === 'jsonl' ? jsonlEntries(text) : jsonArrayEntries(text);
  const items: PromptItem[] = [];
  let skipped = 0;
  for (const { value, where } of entries) {
    const item = promptItem(value, where);
    if (item === null) skipped++;
    else items.push(item);
  }
  if (items.length === 0) {
    throw new PromptSetError(entries.length === 0 ? 'holds no prompt' : `holds no prompt with a user message (${entries.length} entries, none usable)`);
  }
  return { format, items, skipped };
}

interface Entry {
  value: unknown;
  /** "line 3", "entry 12": where a problem is. */
  where: string;
}

function jsonlEntries(text: string): Entry[] {
  const entries: Entry[] = [];
  const lines = text.split('\n');
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '') continue;
    try {
      entries.push({ value: JSON.parse(line), where: `line ${i + 1}` });
    } catch {
      throw new PromptSetError(`line ${i + 1} is not JSON (JSONL: one JSON object per line)`);
    }
  }
  return entries;
}

function jsonArrayEntries(text: string): Entry[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new PromptSetError(`is not JSON (${(error as Error).message.split('\n')[0]}); a .json prompt file holds a ShareGPT array`);
  }
  if (!Array.isArray(value)) throw new PromptSetError('is not a JSON array (ShareGPT format: [{"conversations": [...]}, ...])');
  return value.map((item: unknown, i) => ({ value: item, where: `entry ${i + 1}` }));
}

const SHAREGPT_ROLES: Record<string, ChatTurn['role']> = {
  human: 'user',
  user: 'user',
  gpt: 'assistant',
  chatgpt: 'assistant',
  bard: 'assistant',
  bing: 'assistant',
  assistant: 'assistant',
  model: 'assistant',
  system: 'system',
};

const CHAT_ROLES: Record<string, ChatTurn['role']> = { system: 'system', developer: 'system', user: 'user', assistant: 'assistant' };

/** One entry as a PromptItem; null when it has no user message (skipped); throws for an entry of no known shape. */
function promptItem(value: unknown, where: string): PromptItem | null {
  if (!isRecord(value)) throw new PromptSetError(`${where} is not a JSON object`);
  if (typeof value.prompt === 'string') return value.prompt.trim() === '' ? null : { prefix: [], users: [value.prompt] };
  if (Array.isArray(value.messages)) return messagesItem(value.messages, where);
  if (Array.isArray(value.conversations)) return conversationItem(value.conversations, where);
  throw new PromptSetError(`${where} has no "prompt" text, "messages" array or "conversations" array`);
}

/** `{"messages": [...]}`: sent as it is; its last user message is the turn's, what precedes it the prefix. Trailing answers are dropped. */
function messagesItem(messages: unknown[], where: string): PromptItem | null {
  const turns = messages.map((m, i) => chatTurn(m, `${where} messages[${i}]`, CHAT_ROLES, 'role', 'content'));
  const last = turns.findLastIndex((t) => t.role === 'user');
  if (last === -1 || turns[last].content.trim() === '') return null;
  return { prefix: turns.slice(0, last), users: [turns[last].content] };
}

/** ShareGPT `{"conversations": [{from, value}]}`: its system messages, then one turn per human message (its recorded answers are not sent). */
function conversationItem(conversations: unknown[], where: string): PromptItem | null {
  const turns = conversations.map((m, i) => chatTurn(m, `${where} conversations[${i}]`, SHAREGPT_ROLES, 'from', 'value'));
  const users = turns.filter((t) => t.role === 'user' && t.content.trim() !== '').map((t) => t.content);
  if (users.length === 0) return null;
  return { prefix: turns.filter((t) => t.role === 'system'), users };
}

function chatTurn(value: unknown, where: string, roles: Record<string, ChatTurn['role']>, roleKey: string, textKey: string): ChatTurn {
  if (!isRecord(value)) throw new PromptSetError(`${where} is not an object`);
  const roleName = value[roleKey];
  const role = typeof roleName === 'string' ? roles[roleName.toLowerCase()] : undefined;
  if (role === undefined) throw new PromptSetError(`${where} has an unknown ${roleKey} ${JSON.stringify(roleName)} (expected ${Object.keys(roles).join(', ')})`);
  const content = value[textKey];
  if (typeof content !== 'string') throw new PromptSetError(`${where} has no "${textKey}" text`);
  return { role, content };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
