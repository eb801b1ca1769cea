// Which local LLM server answers at one loopback origin, told apart by what it answers rather than by
// its port (8080 is llama-server's and LocalAI's, and several servers copy others' APIs: LocalAI and
// KoboldCpp answer Ollama's /api/version). The signals, and how sure each is, are in docs/discovery.md.
import type { FoundServer, ServerKind } from '../../common/api.js';
import type { ApiKind } from '../../common/run-config.js';
import { getJson, isRecord, ollamaModels, openAiModels, tooBigWarnings, type JsonAnswer, type ServerModel } from './detect-server.js';

/** The GETs asked of every origin that answers HTTP at all, at once. */
const SIGNAL_PATHS = [
  '/api/extra/version',
  '/readyz',
  '/version',
  '/api/version',
  '/api/v0/models',
  '/props',
  '/get_model_info',
  '/v1/internal/model/info',
] as const;
/** What each path answered; absent when nothing answered it in time. */
type Answers = Partial<Record<string, JsonAnswer>>;

interface Identity {
  kind: ServerKind;
  version: string | null;
}

/** A JSON object body of a 200 answer, or null. */
function okBody(answers: Answers, path: string): Record<string, unknown> | null {
  const answer = answers[path];
  return answer?.status === 200 && isRecord(answer.body) ? answer.body : null;
}

function text(record: Record<string, unknown> | null, key: string): string | null {
  const value = record?.[key];
  return typeof value === 'string' ? value : null;
}

/** An OpenAI-style `{ data: [...] }` list at `path`. */
function isModelList(answers: Answers, path: string): boolean {
  return Array.isArray(okBody(answers, path)?.data);
}

/**
 * The kind of server, first signal that holds wins (the order matters: servers that copy another's API
 * are ruled out before the one they copy). null: an HTTP server, but not an LLM server we can benchmark.
 */
function identity(answers: Answers, usual: readonly ServerKind[]): Identity | null {
  const kobold = okBody(answers, '/api/extra/version');
  if (text(kobold, 'result') === 'KoboldCpp') return { kind: 'koboldcpp', version: text(kobold, 'version') };
  const version = text(okBody(answers, '/version'), 'version');
  if (version !== null && answers['/readyz']?.status === 200) return { kind: 'localai', version };
  const ollamaVersion = text(okBody(answers, '/api/version'), 'version');
  if (ollamaVersion !== null) return { kind: 'ollama', version: ollamaVersion };
  const lmStudio = okBody(answers, '/api/v0/models')?.data;
  if (Array.isArray(lmStudio) && (lmStudio.length === 0 || lmStudio.some((m) => isRecord(m) && ('state' in m || 'compatibility_type' in m)))) {
    return { kind: 'lm-studio', version: null };
  }
  const props = okBody(answers, '/props');
  if (isRecord(props?.default_generation_settings)) return { kind: 'llama-server', version: text(props, 'build_info') };
  if (version !== null) return { kind: 'vllm', version };
  if (text(okBody(answers, '/get_model_info'), 'model_path') !== null) return { kind: 'sglang', version: null };
  if (text(okBody(answers, '/v1/internal/model/info'), 'model_name') !== null) return { kind: 'text-generation-webui', version: null };
  if (!isModelList(answers, '/v1/models')) return null;
  // Jan's server answers nothing of its own that is cheap to ask: on its port, an OpenAI-compatible server is named Jan.
  return { kind: usual.includes('jan') ? 'jan' : 'openai-compatible', version: null };
}

/** Servers that load one model at start and serve it: the model they list is the one in memory. */
const SERVES_ITS_LOADED_MODEL: ReadonlySet<ServerKind> = new Set(['llama-server', 'vllm', 'sglang', 'koboldcpp']);

/** LM Studio lists embedding models too; a benchmark generates text. */
function lmStudioModels(answers: Answers): { models: ServerModel[]; loaded: string | null } {
  const models = openAiModels(okBody(answers, '/api/v0/models')).filter((m) => m.details.type !== 'embeddings');
  return { models, loaded: models.find((m) => m.details.state === 'loaded')?.name ?? null };
}

/**
 * Identifies the server at `origin` by what it answers, with its models and the loaded one, or null when
 * nothing answers there or what answers is not an LLM server. Every GET ends by `deadline`
 * (performance.now() ms); bodies are capped (detect-server.ts getJson).
 */
export async function identifyServer(origin: string, usual: readonly ServerKind[], deadline: number): Promise<FoundServer | null> {
  const left = (): number => Math.max(1, Math.round(deadline - performance.now()));
  const ask = (path: string): Promise<JsonAnswer | null> => getJson(origin, path, left()).catch(() => null);
  // Nearly every kind answers /v1/models; a port where nothing listens is refused here and asked nothing else.
  const models = await ask('/v1/models');
  if (models === null) return null;
  const answers: Answers = { '/v1/models': models };
  const signals = await Promise.all(SIGNAL_PATHS.map(ask));
  SIGNAL_PATHS.forEach((path, i) => {
    const answer = signals[i];
    if (answer) answers[path] = answer;
  });
  const found = identity(answers, usual);
  if (found === null) return null;
  const api: ApiKind = found.kind === 'ollama' ? 'ollama' : 'openai';
  const read = Object.values(answers).filter((a): a is JsonAnswer => a !== undefined);
  let listed: ServerModel[];
  let loaded: string | null;
  if (found.kind === 'ollama') {
    const [tags, ps] = await Promise.all([ask('/api/tags'), ask('/api/ps')]);
    for (const answer of [tags, ps]) if (answer !== null) read.push(answer);
    listed = ollamaModels(tags?.body);
    loaded = ollamaModels(ps?.body)[0]?.name ?? null;
  } else if (found.kind === 'lm-studio') {
    ({ models: listed, loaded } = lmStudioModels(answers));
  } else {
    listed = openAiModels(models.body);
    const tgwModel = text(okBody(answers, '/v1/internal/model/info'), 'model_name');
    loaded = found.kind === 'text-generation-webui' && tgwModel !== 'None' ? tgwModel : SERVES_ITS_LOADED_MODEL.has(found.kind) ? (listed[0]?.name ?? null) : null;
  }
  const warnings = tooBigWarnings(origin, read);
  return {
    url: origin,
    kind: found.kind,
    api,
    version: found.version,
    models: listed.map((m) => m.name),
    loadedModel: loaded,
    ...(warnings.length > 0 ? { warning: warnings.join('; ') } : {}),
  };
}
