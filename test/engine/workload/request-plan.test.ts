import { describe, expect, it } from 'vitest';
import type { PromptSet } from '../../../main/engine/workload/prompt-set.js';
import { hasWorkload, RequestPlan, type WorkloadConfig } from '../../../main/engine/workload/request-plan.js';
import { calibrateSyntheticText } from '../../../main/engine/workload/synthetic-text.js';
import type { Tokenizer } from '../../../main/engine/workload/tokenizer.js';

/** One token per word, like the scripted server's tokenizer. */
const words = (text: string): number => text.split(/\s+/).filter((w) => w !== '').length;
const wordTokenizer: Tokenizer = { info: { kind: 'server', name: 'words' }, count: async (text) => words(text), countNow: words };

const SET: PromptSet = {
  format: 'jsonl',
  skipped: 0,
  items: [
    { prefix: [], users: ['zero'] },
    { prefix: [{ role: 'system', content: 'sys one' }], users: ['one a', 'one b'] },
    { prefix: [], users: ['two'] },
  ],
};

const base: WorkloadConfig = { prompt: 'fixed prompt' };

describe('RequestPlan', () => {
  it('without a workload: every request sends the one prompt, as runs always did, and records nothing extra', () => {
    const plan = new RequestPlan({ config: { ...base, maxTokens: 64, think: false }, model: 'm' });
    expect(hasWorkload({ ...base, maxTokens: 64 })).toBe(false);
    expect(plan.turns).toBe(1);
    expect(plan.warmupParams()).toEqual({ model: 'm', prompt: 'fixed prompt', maxTokens: 64, think: false });
    const request = plan.startConversation().next();
    expect(request).toEqual({ params: { model: 'm', prompt: 'fixed prompt', maxTokens: 64, think: false }, workload: {}, comparable: true });
  });

  it('a prompt set in order, again from the start when used up; its prefix goes first; promptIndex names the entry', () => {
    const plan = new RequestPlan({ config: base, model: 'm', promptSet: SET, countTokens: words });
    const requests = Array.from({ length: 4 }, () => plan.startConversation().next()!);
    expect(requests.map((r) => r.workload.promptIndex)).toEqual([0, 1, 2, 0]);
    expect(requests[0].params).toEqual({ model: 'm', prompt: 'zero' });
    expect(requests[1].params.messages).toEqual([
      { role: 'system', content: 'sys one' },
      { role: 'user', content: 'one a' },
    ]);
    expect(requests[1].workload.inputTokens).toBe(4);
  });

  it('--seed shuffles the set: the same seed the same order, another seed another', () => {
    const order = (seed: number): number[] => {
      const big: PromptSet = { ...SET, items: Array.from({ length: 20 }, (_, i) => ({ prefix: [], users: [`p${i}`] })) };
      const plan = new RequestPlan({ config: { ...base, seed }, model: 'm', promptSet: big });
      return Array.from({ length: 20 }, () => plan.startConversation().next()!.workload.promptIndex!);
    };
    expect(order(1)).toEqual(order(1));
    expect(order(1)).not.toEqual(order(2));
    expect([...order(1)].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('conversations resend the history with the real answers; a ShareGPT entry gives its turns, then the next entry', () => {
    const plan = new RequestPlan({ config: { ...base, turns: 3 }, model: 'm', promptSet: SET, countTokens: words });
    plan.startConversation(); // conversation 0 takes entry 0 and (its only user message used up) entry 1
    const conversation = plan.startConversation(); // conversation 1: entries 2 and 0
    const first = conversation.next()!;
    expect(first.workload).toEqual({ promptIndex: 2, conversation: 1, turn: 1, inputTokens: 1 });
    conversation.answered('an answer', 2);
    const second = conversation.next()!;
    expect(second.params.messages).toEqual([
      { role: 'user', content: 'two' },
      { role: 'assistant', content: 'an answer' },
      { role: 'user', content: 'zero' },
    ]);
    expect(second.workload).toEqual({ promptIndex: 0, conversation: 1, turn: 2, inputTokens: 4 });
    expect(second.comparable).toBe(false);
    conversation.answered('more', undefined);
    // The server did not count the last answer: the prompt's length is no longer known.
    const third = conversation.next()!;
    expect(third.workload.inputTokens).toBeUndefined();
    expect(third.workload.promptIndex).toBe(1);
    expect(conversation.next()).toBeNull();
  });

  it('synthetic prompts: the asked number of tokens, fresh words for every request, a shared prefix the same for all', async () => {
    const synthetic = await calibrateSyntheticText(wordTokenizer);
    const plan = new RequestPlan({
      config: { ...base, inputTokens: { mean: 40, sd: 10 }, sharedPrefixTokens: 25, maxTokens: 100, maxTokensSd: 20, seed: 3 },
      model: 'm',
      synthetic,
      countTokens: words,
    });
    const requests = Array.from({ length: 50 }, () => plan.startConversation().next()!);
    const users = requests.map((r) => r.params.messages![1].content);
    expect(new Set(users).size).toBe(50);
    const systems = new Set(requests.map((r) => r.params.messages![0].content));
    expect(systems.size).toBe(1);
    expect(words([...systems][0])).toBe(25);
    for (const r of requests) {
      expect(r.workload.inputTokens).toBe(25 + words(r.params.messages![1].content));
      expect(r.params.maxTokens).toBe(r.workload.maxTokens);
    }
    const lengths = users.map(words);
    expect(Math.min(...lengths)).toBeLessThan(40);
    expect(Math.max(...lengths)).toBeGreaterThan(40);
    expect(new Set(requests.map((r) => r.workload.maxTokens)).size).toBeGreaterThan(10);
    // The warm-up has the same shape but words no level sends.
    const warm = plan.warmupParams();
    expect(words(warm.messages![1].content)).toBe(40);
    expect(users).not.toContain(warm.messages![1].content);
    // Replayed by the seed.
    const again = new RequestPlan({
      config: { ...base, inputTokens: { mean: 40, sd: 10 }, sharedPrefixTokens: 25, maxTokens: 100, maxTokensSd: 20, seed: 3 },
      model: 'm',
      synthetic,
      countTokens: words,
    });
    expect(again.startConversation().next()).toEqual(requests[0]);
  });
});
