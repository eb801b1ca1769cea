import { HttpError } from './http-io.js';
import type { ChatMessage, ChatRole } from './llama-runner.js';

const ROLES: Record<string, ChatRole> = {
  system: 'system',
  developer: 'system',
  user: 'user',
  tool: 'user',
  assistant: 'assistant',
};

/**
 * `messages` of either API: `{role, content}` where content is a string or (OpenAI) an array of
 * `{type: "text", text}` parts. Images and other parts are refused: the engine serves text only.
 */
export function parseChatMessages(value: unknown): ChatMessage[] {
  if (!Array.isArray(value)) throw new HttpError(400, 'invalid "messages": expected an array');
  return value.map((item: unknown, index) => {
    if (item === null || typeof item !== 'object') throw new HttpError(400, `invalid "messages[${index}]": expected an object`);
    const { role, content } = item as { role?: unknown; content?: unknown };
    const mapped = typeof role === 'string' ? ROLES[role] : undefined;
    if (mapped === undefined) {
      throw new HttpError(400, `invalid "messages[${index}].role": expected system, user or assistant`);
    }
    return { role: mapped, content: contentText(content, index) };
  });
}

function contentText(content: unknown, index: number): string {
  if (content === undefined || content === null) return '';
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((part: unknown) => {
        const { type, text } = (part ?? {}) as { type?: unknown; text?: unknown };
        if (type !== 'text' || typeof text !== 'string') {
          throw new HttpError(400, `invalid "messages[${index}].content": only text parts are supported`);
        }
        return text;
      })
      .join('');
  }
  throw new HttpError(400, `invalid "messages[${index}].content": expected a string`);
}
