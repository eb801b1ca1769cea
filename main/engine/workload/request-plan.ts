// What each request of a run sends (issue 14): the one place that turns the run's workload — a fixed
// prompt, a prompt set, synthetic lengths, conversations with a shared prefix — into each request's
// GenerationParams and the workload fields of its record. The level runners call it through
// send-unit.ts; they never build a request themselves.
import type { LengthSpec, RunConfig } from '../../../common/run-config.js';
import type { RequestWorkload } from '../../metrics/record.js';
import { createRandom, deriveSeed } from '../arrivals.js';
import type { ChatTurn, GenerationParams } from '../targets/target.js';
import { drawLength } from './lengths.js';
import type { PromptItem, PromptSet } from './prompt-set.js';
import type { SyntheticText } from './synthetic-text.js';

/** A chat message with its token count when Tokenbench knows it (synthetic text, a counted message, a server-counted answer). */
export interface HistoryMessage extends ChatTurn {
  tokens?: number;
}

/** One request as the plan made it. */
export interface PlannedRequest {
  params: GenerationParams;
  /** The record's workload fields. */
  workload: RequestWorkload;
  /** Whether the server's prompt-token count should match `workload.inputTokens` (nothing the server may cache precedes it). */
  comparable: boolean;
}

/** The workload fields of the run's configuration. */
export type WorkloadConfig = Pick<
  RunConfig,
  'prompt' | 'maxTokens' | 'maxTokensSd' | 'think' | 'ignoreEos' | 'turns' | 'systemPrompt' | 'sharedPrefixTokens' | 'seed' | 'inputTokens'
>;

export interface PlanParts {
  config: WorkloadConfig;
  model: string;
  promptSet?: PromptSet;
  /** Needed with `inputTokens` or `sharedPrefixTokens`. */
  synthetic?: SyntheticText;
  /** Counts a text in process (the BPE); absent with a server tokenizer, whose counts would cost a request each. */
  countTokens?: (text: string) => number;
}

/** Parts of a derived seed, so each thing drawn has its own stream. */
const DRAW = { input: 0, output: 1, words: 2, order: 3, prefix: 4 } as const;

/** True when the run sends more than one fixed prompt: then records carry workload fields. */
export function hasWorkload(config: WorkloadConfig & Pick<RunConfig, 'promptSet'>): boolean {
  return (
    config.promptSet !== undefined ||
    config.inputTokens !== undefined ||
    (config.turns ?? 1) > 1 ||
    config.systemPrompt !== undefined ||
    config.sharedPrefixTokens !== undefined ||
    (config.maxTokensSd ?? 0) > 0
  );
}

/**
 * A run's requests, in the order conversations start. Stateful: conversation g of the run (counted over
 * every level) draws its prompt-set entries and its random lengths and words from seed-derived streams
 * of (seed, g, turn), so a `--seed` replays every request, and no two requests of a run share random
 * words (nothing repeats across levels for a prefix cache to find).
 */
export class RequestPlan {
  readonly turns: number;
  private readonly seed: number;
  private readonly order: readonly number[] | null;
  private readonly system: readonly HistoryMessage[];
  private readonly counted = new Map<string, number>();
  private conversations = 0;
  /** Prompt-set entries drawn so far (a conversation may draw several). */
  private draws = 0;

  constructor(private readonly parts: PlanParts) {
    const { config } = parts;
    this.turns = config.turns ?? 1;
    this.seed = config.seed ?? 0;
    const set = parts.promptSet;
    this.order = set && config.seed !== undefined ? shuffled(set.items.length, createRandom(deriveSeed(config.seed, DRAW.order))) : null;
    this.system = this.systemMessages();
    if ((config.inputTokens !== undefined || config.sharedPrefixTokens !== undefined) && parts.synthetic === undefined) {
      throw new RangeError('synthetic lengths need a calibrated synthetic text');
    }
  }

  /** The warm-up request: the run's first prompt shape, drawn from a stream no level uses (it must not warm a level's cache). */
  warmupParams(): GenerationParams {
    const { config } = this.parts;
    const random = createRandom(deriveSeed(this.seed, 0xffff_ffff, DRAW.words));
    let user: string;
    if (config.inputTokens !== undefined) user = this.synthetic().text(config.inputTokens.mean, random);
    else if (this.parts.promptSet !== undefined) user = this.parts.promptSet.items[0].users[0];
    else user = config.prompt;
    return this.params([...this.system, { role: 'user', content: user }], config.maxTokens);
  }

  /** The next conversation (a single request when `turns` is 1). */
  startConversation(): Conversation {
    const g = this.conversations++;
    const items = this.drawItems();
    return new Conversation(this, g, items);
  }

  /** Builds turn `turn` (0-based) of conversation `g` on `history` (system and earlier turns, without the new message). */
  request(g: number, turn: number, history: readonly HistoryMessage[], user: { text: string; tokens?: number; promptIndex?: number }): PlannedRequest & { user: HistoryMessage } {
    const { config } = this.parts;
    const maxTokens = this.maxTokensOf(g, turn);
    const userMessage: HistoryMessage = { role: 'user', content: user.text, ...(user.tokens === undefined ? {} : { tokens: user.tokens }) };
    const messages = [...history, userMessage];
    const inputTokens = totalTokens(messages);
    const workload: RequestWorkload = {};
    if (user.promptIndex !== undefined) workload.promptIndex = user.promptIndex;
    if (this.turns > 1) {
      workload.conversation = g;
      workload.turn = turn + 1;
    }
    if (inputTokens !== undefined) workload.inputTokens = inputTokens;
    if ((config.maxTokensSd ?? 0) > 0 && maxTokens !== undefined) workload.maxTokens = maxTokens;
    return {
      params: this.params(messages, maxTokens),
      workload,
      comparable: turn === 0 && this.system.length === 0,
      user: userMessage,
    };
  }

  /** The user message of turn `turn` of conversation `g` when the run has no prompt set. */
  freshUser(g: number, turn: number): { text: string; tokens?: number } {
    const { config } = this.parts;
    if (config.inputTokens === undefined) return { text: config.prompt, tokens: this.count(config.prompt) };
    const tokens = drawLength(config.inputTokens, createRandom(deriveSeed(this.seed, g, turn, DRAW.input)));
    return { text: this.synthetic().text(tokens, createRandom(deriveSeed(this.seed, g, turn, DRAW.words))), tokens };
  }

  /** Tokens of a prompt-set text, when counted in process; memoised (a set's texts repeat across conversations). */
  count(text: string): number | undefined {
    const count = this.parts.countTokens;
    if (count === undefined) return undefined;
    let tokens = this.counted.get(text);
    if (tokens === undefined) {
      tokens = count(text);
      this.counted.set(text, tokens);
    }
    return tokens;
  }

  /** The messages every conversation starts with: the system prompt or the shared synthetic prefix. */
  systemPrefix(): readonly HistoryMessage[] {
    return this.system;
  }

  private systemMessages(): HistoryMessage[] {
    const { config } = this.parts;
    if (config.sharedPrefixTokens !== undefined) {
      const tokens = config.sharedPrefixTokens;
      const content = this.synthetic().text(tokens, createRandom(deriveSeed(this.seed, DRAW.prefix)));
      return [{ role: 'system', content, tokens }];
    }
    if (config.systemPrompt !== undefined) {
      const tokens = this.count(config.systemPrompt);
      return [{ role: 'system', content: config.systemPrompt, ...(tokens === undefined ? {} : { tokens }) }];
    }
    return [];
  }

  /**
   * The prompt-set entries conversation g uses, reserved when it starts (so the draw order does not depend
   * on when its later turns run): entries in draw order until their user messages cover every turn.
   */
  private drawItems(): Array<{ index: number; item: PromptItem }> {
    const set = this.parts.promptSet;
    if (set === undefined) return [];
    const items: Array<{ index: number; item: PromptItem }> = [];
    let users = 0;
    while (users < this.turns) {
      const slot = this.draws++ % set.items.length;
      const index = this.order === null ? slot : this.order[slot];
      items.push({ index, item: set.items[index] });
      users += set.items[index].users.length;
    }
    return items;
  }

  private maxTokensOf(g: number, turn: number): number | undefined {
    const { maxTokens, maxTokensSd } = this.parts.config;
    if (maxTokens === undefined || maxTokensSd === undefined || maxTokensSd === 0) return maxTokens;
    const spec: LengthSpec = { mean: maxTokens, sd: maxTokensSd };
    return drawLength(spec, createRandom(deriveSeed(this.seed, g, turn, DRAW.output)));
  }

  private params(messages: readonly HistoryMessage[], maxTokens: number | undefined): GenerationParams {
    const { config, model } = this.parts;
    const chat = messages.map(({ role, content }) => ({ role, content }));
    const only = chat.length === 1 && chat[0].role === 'user' ? chat[0].content : undefined;
    const params: GenerationParams = { model, prompt: only ?? chat.findLast((m) => m.role === 'user')?.content ?? config.prompt };
    if (only === undefined) params.messages = chat;
    if (maxTokens !== undefined) params.maxTokens = maxTokens;
    if (config.think !== undefined) params.think = config.think;
    if (config.ignoreEos === true) params.ignoreEos = true;
    return params;
  }

  private synthetic(): SyntheticText {
    const synthetic = this.parts.synthetic;
    if (synthetic === undefined) throw new RangeError('synthetic lengths need a calibrated synthetic text');
    return synthetic;
  }
}

/** One conversation: its turns, each built on the history of the earlier ones and their real answers. */
export class Conversation {
  private readonly history: HistoryMessage[];
  private readonly users: Array<{ text: string; promptIndex: number; tokens?: number }>;
  private turn = 0;

  constructor(
    private readonly plan: RequestPlan,
    readonly number: number,
    items: ReadonlyArray<{ index: number; item: PromptItem }>,
  ) {
    const first = items[0];
    const prefix = first ? first.item.prefix.map((m) => withCount(plan, m)) : [];
    this.history = [...plan.systemPrefix(), ...prefix];
    this.users = items.flatMap(({ index, item }) => item.users.map((text) => ({ text, promptIndex: index, tokens: plan.count(text) })));
  }

  /** The next turn's request, or null after the last turn. */
  next(): PlannedRequest | null {
    if (this.turn >= this.plan.turns) return null;
    const turn = this.turn;
    const fromSet = this.users[turn];
    const user = fromSet ?? this.plan.freshUser(this.number, turn);
    const planned = this.plan.request(this.number, turn, this.history, user);
    this.history.push(planned.user);
    this.turn++;
    return { params: planned.params, workload: planned.workload, comparable: planned.comparable };
  }

  /** The answer the server gave to the last turn, resent with the next one; `tokens` is the server's output count when it gave one. */
  answered(text: string, tokens: number | undefined): void {
    const answer: HistoryMessage = tokens === undefined ? { role: 'assistant', content: text } : { role: 'assistant', content: text, tokens };
    this.history.push(answer);
  }
}

function withCount(plan: RequestPlan, message: ChatTurn): HistoryMessage {
  const tokens = plan.count(message.content);
  return tokens === undefined ? { ...message } : { ...message, tokens };
}

/** Σ of the messages' tokens when every one is known, else undefined. */
function totalTokens(messages: readonly HistoryMessage[]): number | undefined {
  let total = 0;
  for (const m of messages) {
    if (m.tokens === undefined) return undefined;
    total += m.tokens;
  }
  return total;
}

/** A seeded Fisher–Yates permutation of 0..n−1. */
function shuffled(n: number, random: () => number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}
