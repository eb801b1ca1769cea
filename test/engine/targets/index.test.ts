import { describe, expect, it } from 'vitest';
import { targetFor } from '../../../main/engine/targets/index.js';
import { ollamaChat, ollamaGenerate } from '../../../main/engine/targets/ollama.js';
import { openaiChat } from '../../../main/engine/targets/openai.js';

describe('targetFor', () => {
  it('maps each API kind to its dialect', () => {
    expect(targetFor('ollama')).toBe(ollamaGenerate);
    expect(targetFor('ollama', { ollamaEndpoint: 'chat' })).toBe(ollamaChat);
    expect(targetFor('ollama', { ollamaEndpoint: 'generate' })).toBe(ollamaGenerate);
    expect(targetFor('openai')).toBe(openaiChat);
    expect(targetFor('openai', { ollamaEndpoint: 'chat' })).toBe(openaiChat);
  });
});
