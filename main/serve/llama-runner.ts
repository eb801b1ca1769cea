import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import {
  getLlama,
  GgufFileType,
  LlamaLogLevel,
  LlamaText,
  resolveChatWrapper,
  SpecialToken,
  SpecialTokensText,
  type ChatHistoryItem,
  type Llama,
  type LlamaContext,
  type LlamaContextSequence,
  type LlamaModel,
  type Token,
} from 'node-llama-cpp';
import { DEFAULT_CTX, defaultThreads } from './machine-defaults.js';
import { SequenceResetter } from './sequence-reset.js';
import {
  generateOnSequence,
  type GenerationRequest,
  type GenerationResult,
  type PreparedPrompt,
} from './generate-tokens.js';

export interface LlamaRunnerOptions {
  gguf: string;
  /** Sequences decoded in parallel (one batch per step). */
  parallel: number;
  /** Tokens per sequence; default min(DEFAULT_CTX, the model's training context). */
  ctx?: number;
  /** Decode threads; default from the machine (see defaultThreads). */
  threads?: number;
}

export type ChatRole = 'system' | 'user' | 'assistant';

export interface ChatMessage {
  role: ChatRole;
  content: string;
}

/** What /api/show, /api/tags and /api/ps tell about the model. */
export interface ModelFacts {
  fileName: string;
  fileBytes: number;
  architecture: string;
  parameterCount: number;
  /** e.g. Q4_K_M, F16. */
  quantization: string;
  trainContextSize: number;
  /** GGUF metadata flattened to dotted keys; long arrays (the vocabulary) left out. */
  metadata: Record<string, MetadataValue>;
}

/**
 * llama.cpp through node-llama-cpp, CPU only, with prebuilt binaries (never builds or downloads): one
 * model, one context of `parallel` sequences that llama.cpp decodes together in one batch per step.
 */
export class LlamaRunner {
  private readonly resetter = new SequenceResetter();

  private constructor(
    private readonly llama: Llama,
    private readonly model: LlamaModel,
    private readonly context: LlamaContext,
    readonly sequences: readonly LlamaContextSequence[],
    readonly threads: number,
    readonly loadMs: number,
    readonly facts: ModelFacts,
  ) {}

  static async load(options: LlamaRunnerOptions): Promise<LlamaRunner> {
    const started = performance.now();
    const llama = await getLlama({ gpu: false, build: 'never', logLevel: LlamaLogLevel.error });
    const threads = options.threads ?? defaultThreads(llama.cpuMathCores);
    // maxThreads caps the whole instance, so the context cannot borrow more threads than asked for.
    llama.maxThreads = threads;
    let model: LlamaModel | undefined;
    try {
      model = await llama.loadModel({ modelPath: options.gguf, gpuLayers: 0 });
      const ctx = options.ctx ?? Math.min(DEFAULT_CTX, model.trainContextSize || DEFAULT_CTX);
      const context = await model.createContext({
        sequences: options.parallel,
        contextSize: ctx,
        threads: { ideal: threads, min: threads },
        failedCreationRemedy: false,
      });
      const sequences = Array.from({ length: options.parallel }, () => context.getSequence());
      const facts = describeModel(model, options.gguf, (await stat(options.gguf)).size);
      return new LlamaRunner(llama, model, context, sequences, threads, performance.now() - started, facts);
    } catch (error) {
      await model?.dispose().catch(() => undefined);
      await llama.dispose().catch(() => undefined);
      throw error;
    }
  }

  /** Tokens per sequence: prompt plus answer must fit. */
  get contextSize(): number {
    return this.context.contextSize;
  }

  /** Model size in memory, bytes. */
  get modelBytes(): number {
    return this.model.size;
  }

  get llamaCppRelease(): string {
    return this.llama.llamaCppRelease.release;
  }

  /** Token ids of `text` (special-token text read as plain text), with BOS first when `addSpecial` and the model expects one. */
  tokenize(text: string, addSpecial: boolean): number[] {
    const tokens: number[] = this.model.tokenize(text, false).map(Number);
    const bos = this.model.tokens.bos;
    if (addSpecial && this.model.tokens.shouldPrependBosToken && bos !== null) tokens.unshift(Number(bos));
    return tokens;
  }

  /** A raw completion prompt, with BOS when the model expects one (as llama.cpp does). */
  completionPrompt(prompt: string): PreparedPrompt {
    const tokens = this.model.tokenize(prompt, false);
    const bos = this.model.tokens.bos;
    if (this.model.tokens.shouldPrependBosToken && bos !== null) tokens.unshift(bos);
    return { tokens, stopTexts: [], stopTokens: [] };
  }

  /** A chat rendered with the model's own chat template (llama.cpp's / node-llama-cpp's chat wrapper). */
  chatPrompt(messages: readonly ChatMessage[]): PreparedPrompt {
    const wrapper = resolveChatWrapper(this.model);
    const history: ChatHistoryItem[] = messages.map((message) => {
      if (message.role === 'system') return { type: 'system', text: message.content };
      if (message.role === 'user') return { type: 'user', text: message.content };
      return { type: 'model', response: [message.content] };
    });
    history.push({ type: 'model', response: [] });
    const state = wrapper.generateContextState({ chatHistory: history });
    const tokens = state.contextText.tokenize(this.model.tokenizer);
    const stopTexts: string[] = [];
    const stopTokens: Token[] = [];
    for (const trigger of state.stopGenerationTriggers) this.classifyStopTrigger(trigger, stopTexts, stopTokens);
    return { tokens, stopTexts, stopTokens };
  }

  /** Text of `tokens` as they continue `lastTokens` (which decide e.g. a leading space). */
  detokenize(tokens: readonly Token[], lastTokens: readonly Token[] = []): string {
    return this.model.detokenize(tokens, false, lastTokens);
  }

  generate(
    sequence: LlamaContextSequence,
    request: GenerationRequest,
    onText: (text: string) => void,
    signal: AbortSignal,
  ): Promise<GenerationResult> {
    return generateOnSequence(sequence, this.model, request, onText, signal, this.resetter);
  }

  async close(): Promise<void> {
    // Disposing the Llama disposes its models and contexts too.
    await this.llama.dispose();
  }

  /** A trigger made of one special token stops on that token; anything else stops on its text. */
  private classifyStopTrigger(trigger: LlamaText, stopTexts: string[], stopTokens: Token[]): void {
    const [only] = trigger.values;
    if (trigger.values.length === 1 && (only instanceof SpecialToken || only instanceof SpecialTokensText)) {
      const tokens = only.tokenize(this.model.tokenizer);
      if (tokens.length === 1) {
        stopTokens.push(tokens[0]);
        return;
      }
    }
    const text = trigger.toString();
    if (text !== '') stopTexts.push(text);
  }
}

function describeModel(model: LlamaModel, path: string, fileBytes: number): ModelFacts {
  const metadata = model.fileInfo.metadata;
  const architecture = String(metadata.general.architecture);
  const fileType = metadata.general.file_type;
  const typeName = fileType === undefined ? undefined : GgufFileType[fileType];
  return {
    fileName: basename(path),
    fileBytes,
    architecture,
    parameterCount: model.fileInsights.totalParameters,
    quantization: typeName === undefined ? 'unknown' : typeName.replace(/^(MOSTLY|ALL)_/, ''),
    trainContextSize: model.trainContextSize,
    metadata: flattenMetadata(metadata),
  };
}

const MAX_ARRAY_ITEMS = 16;

type MetadataValue = string | number | boolean | null;

function flattenMetadata(value: unknown, prefix = '', out: Record<string, MetadataValue> = {}): Record<string, MetadataValue> {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') out[prefix] = value;
    else if (typeof value === 'bigint') out[prefix] = Number(value);
    return out;
  }
  if (Array.isArray(value)) {
    // Like Ollama's /api/show without `verbose`: big arrays (vocabulary, merges) are named but not sent.
    out[prefix] = value.length <= MAX_ARRAY_ITEMS ? JSON.stringify(value) : null;
    return out;
  }
  for (const [key, item] of Object.entries(value)) flattenMetadata(item, prefix === '' ? key : `${prefix}.${key}`, out);
  return out;
}
