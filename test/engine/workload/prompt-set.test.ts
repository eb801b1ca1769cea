import { describe, expect, it } from 'vitest';
import { parsePromptSet, PromptSetError, promptSetFormatOf } from '../../../main/engine/workload/prompt-set.js';

function problem(text: string, format: 'jsonl' | 'sharegpt' | 'text'): string {
  try {
    parsePromptSet(text, format);
  } catch (error) {
    expect(error).toBeInstanceOf(PromptSetError);
    return (error as Error).message;
  }
  throw new Error('expected the set to be refused');
}

describe('prompt sets', () => {
  it('the format comes from the extension: a plain prompt that looks like JSON stays a prompt', () => {
    expect(promptSetFormatOf('prompts.jsonl')).toBe('jsonl');
    expect(promptSetFormatOf('DATA.NDJSON')).toBe('jsonl');
    expect(promptSetFormatOf('sharegpt_v3.json')).toBe('sharegpt');
    expect(promptSetFormatOf('prompt.txt')).toBe('text');
    expect(promptSetFormatOf('question')).toBe('text');
    expect(parsePromptSet('{"prompt": "x"}\n', 'text').items).toEqual([{ prefix: [], users: ['{"prompt": "x"}'] }]);
  });

  it('JSONL: prompt, messages (the last user message is the turn, what precedes it is sent as is) and conversations lines', () => {
    const set = parsePromptSet(
      [
        '{"prompt": "What is time?"}',
        '',
        '{"messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello"}, {"role": "user", "content": "And?"}, {"role": "assistant", "content": "dropped"}]}',
        '{"conversations": [{"from": "human", "value": "one"}, {"from": "gpt", "value": "1"}, {"from": "human", "value": "two"}]}',
        '{"prompt": "   "}',
      ].join('\n'),
      'jsonl',
    );
    expect(set.items).toEqual([
      { prefix: [], users: ['What is time?'] },
      {
        prefix: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'Hi' },
          { role: 'assistant', content: 'Hello' },
        ],
        users: ['And?'],
      },
      { prefix: [], users: ['one', 'two'] },
    ]);
    expect(set.skipped).toBe(1);
  });

  it('ShareGPT JSON: system messages are the prefix, every human turn a user message, the recorded answers are not sent', () => {
    const set = parsePromptSet(
      JSON.stringify([
        { id: 'a', conversations: [{ from: 'system', value: 'You help.' }, { from: 'human', value: 'Q1' }, { from: 'gpt', value: 'A1' }, { from: 'human', value: 'Q2' }] },
        { id: 'empty', conversations: [] },
        { id: 'b', conversations: [{ from: 'human', value: 'Only one' }] },
      ]),
      'sharegpt',
    );
    expect(set.items).toEqual([
      { prefix: [{ role: 'system', content: 'You help.' }], users: ['Q1', 'Q2'] },
      { prefix: [], users: ['Only one'] },
    ]);
    expect(set.skipped).toBe(1);
    expect(set.format).toBe('sharegpt');
  });

  it('refuses what holds no prompt or a broken entry, saying where', () => {
    expect(problem('', 'text')).toBe('is empty');
    expect(problem(' \n\t', 'text')).toBe('is empty');
    expect(problem('\n\n', 'jsonl')).toBe('holds no prompt');
    expect(problem('{"prompt": "a"}\n{"prompt": "b"\n', 'jsonl')).toBe('line 2 is not JSON (JSONL: one JSON object per line)');
    expect(problem('[1]', 'jsonl')).toBe('line 1 is not a JSON object');
    expect(problem('{"text": "a"}', 'jsonl')).toBe('line 1 has no "prompt" text, "messages" array or "conversations" array');
    expect(problem('{"messages": [{"role": "robot", "content": "x"}]}', 'jsonl')).toBe(
      'line 1 messages[0] has an unknown role "robot" (expected system, developer, user, assistant)',
    );
    expect(problem('{"conversations": [{"from": "human"}]}', 'jsonl')).toBe('line 1 conversations[0] has no "value" text');
    expect(problem('{"conversations": []}', 'sharegpt')).toBe('is not a JSON array (ShareGPT format: [{"conversations": [...]}, ...])');
    expect(problem('[{"conversations": [{"from": "gpt", "value": "only an answer"}]}]', 'sharegpt')).toBe('holds no prompt with a user message (1 entries, none usable)');
    expect(problem('[{', 'sharegpt')).toMatch(/^is not JSON \(.+\); a \.json prompt file holds a ShareGPT array$/);
  });
});
