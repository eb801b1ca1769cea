import { describe, expect, it } from 'vitest';
import { ThinkTagClassifier } from '../../../main/engine/targets/think-tags.js';

function classify(chunks: string[]): boolean[] {
  const tags = new ThinkTagClassifier();
  return chunks.map((c) => tags.isThinking(c));
}

const T = true;
const A = false;

describe('ThinkTagClassifier', () => {
  const cases: { name: string; chunks: string[]; expected: boolean[] }[] = [
    { name: 'no tags: all answer', chunks: ['Hello', ' world', '.'], expected: [A, A, A] },
    {
      name: 'tags as their own chunks (special tokens)',
      chunks: ['<think>', '\n', 'Okay', ',', ' so', '\n', '</think>', '\n\n', 'The', ' answer'],
      expected: [T, T, T, T, T, T, T, A, A, A],
    },
    {
      name: 'tags glued to text',
      chunks: ['<think>\n', 'Hmm', '.\n', '</think>\n\n', 'Time', ' is'],
      expected: [T, T, T, T, A, A],
    },
    {
      name: 'close tag glued to answer text: the chunk is classified by where it starts',
      chunks: ['<think>', 'x', '</think>\n\nThe', ' answer'],
      expected: [T, T, T, A],
    },
    {
      name: 'open tag after leading whitespace in the same chunk',
      chunks: ['\n<think>', 'a', '</think>', 'b'],
      expected: [T, T, T, A],
    },
    {
      name: 'whitespace-only chunks before the tag are answer and do not decide',
      chunks: ['\n', ' ', '<think>', 'a', '</think>', 'b'],
      expected: [A, A, T, T, T, A],
    },
    {
      name: 'whole reasoning section in one chunk, answer after it',
      chunks: ['<think>short</think>', 'Answer', '.'],
      expected: [T, A, A],
    },
    {
      name: 'tags later in an answer are not scanned for',
      chunks: ['Use', ' <think>', ' tags', ' like', ' </think>', ' this'],
      expected: [A, A, A, A, A, A],
    },
    {
      name: 'a second <think> after the section closes is answer text',
      chunks: ['<think>', 'a', '</think>', 'then', '<think>', 'b'],
      expected: [T, T, T, A, A, A],
    },
    {
      name: 'reasoning never closed (cut by max tokens): everything is thinking',
      chunks: ['<think>', 'still', ' thinking'],
      expected: [T, T, T],
    },
    {
      name: 'first text starting with a look-alike is answer',
      chunks: ['<thinking>', 'x', '</think>'],
      expected: [A, A, A],
    },
  ];
  it.each(cases)('$name', ({ chunks, expected }) => {
    expect(classify(chunks)).toEqual(expected);
  });
});
