// Everything checked before a run writes anything: the server answers, its API (detected unless
// given), and the model exists — or the default: Ollama's loaded model (per /api/ps), else the first
// installed; the first served one on an OpenAI-compatible server.
import type { ApiKind } from '../../common/run-config.js';
import type { TargetInfo } from '../../common/run-manifest.js';
import type { ConnectionOptions } from '../engine/connection-pool.js';
import { askForModel, detectServer, PreflightError, type Audience, type DetectedServer, type ServerModel } from './detect-server.js';

export interface PreflightInput {
  url: string;
  api?: ApiKind;
  model?: string;
  /** Per look-up timeout. */
  timeoutMs?: number;
  /** Who reads a problem (the CLI's flags or the app's fields); default the CLI. */
  audience?: Audience;
  /** Headers and TLS trust for a server behind auth or TLS (issue 14). */
  connection?: ConnectionOptions;
}

export interface PreflightResult {
  origin: string;
  target: TargetInfo;
  /** A cheap GET on this API, used to open connections before each level. */
  warmPath: string;
}

/** Throws PreflightError with one line a user can act on. */
export async function preflight(input: PreflightInput): Promise<PreflightResult> {
  const audience = input.audience ?? 'cli';
  const detection = await detectServer({ url: input.url, api: input.api }, input.timeoutMs ?? 5_000, { audience, connection: input.connection });
  if (!detection.ok) throw new PreflightError(detection.problem);
  const server = detection.server;
  let model: ServerModel;
  try {
    model = server.api === 'ollama' ? ollamaModel(server, input.model) : openAiModel(server, input.model, audience);
  } catch (err) {
    // A model list too large to read explains a model not found in it.
    if (err instanceof PreflightError && server.warnings.length > 0) throw new PreflightError(`${err.message} (${server.warnings.join('; ')})`);
    throw err;
  }
  return {
    origin: server.origin,
    warmPath: server.api === 'ollama' ? '/api/version' : '/v1/models',
    target: { url: server.origin, api: server.api, serverVersion: server.version, model: model.name, modelDetails: model.details },
  };
}

/** Ollama resolves `llama3` as `llama3:latest`; so do we. */
function sameOllamaModel(wanted: string, installed: string): boolean {
  const norm = (n: string): string => (n.includes(':') ? n : `${n}:latest`);
  return norm(wanted) === norm(installed);
}

function ollamaModel(server: DetectedServer, wanted: string | undefined): ServerModel {
  const { origin, models: installed } = server;
  if (wanted !== undefined) {
    const found = installed.find((m) => sameOllamaModel(wanted, m.name));
    if (!found) {
      const names = installed.map((m) => m.name).join(', ') || 'none';
      throw new PreflightError(`model "${wanted}" is not installed on ${origin} (installed: ${names}); pull it with \`ollama pull ${wanted}\``);
    }
    return found;
  }
  const pick = server.loaded.find((l) => installed.some((m) => m.name === l.name)) ?? installed[0];
  if (!pick) throw new PreflightError(`${origin} has no models installed; pull one first (e.g. \`ollama pull llama3.2\`)`);
  return installed.find((m) => m.name === pick.name) ?? pick;
}

function openAiModel(server: DetectedServer, wanted: string | undefined, audience: Audience): ServerModel {
  const { origin, models } = server;
  if (wanted !== undefined) {
    const found = models.find((m) => m.name === wanted);
    if (!found) {
      const names = models.map((m) => m.name).join(', ') || 'none';
      throw new PreflightError(`model "${wanted}" is not served by ${origin} (available: ${names})`);
    }
    return found;
  }
  const first = models[0];
  if (!first) throw new PreflightError(`${origin} lists no models at /v1/models; ${askForModel(audience)}`);
  return first;
}
