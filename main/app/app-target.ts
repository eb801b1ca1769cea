// What the app benchmarks: the server Setup names, used as is; with Server URL empty (no server chosen),
// the server discovery finds (Setup's model and API as wishes), else the built-in engine started for the
// run on a model found on disk or the demo model. Also what the status line says about it. Worded for
// the app: fields and buttons, never a CLI flag.
import type { FoundServer, ServerDiscovery, ServerStatus } from '../../common/api.js';
import { DEMO_MODEL_PHRASE } from '../../common/demo-model.js';
import { AUTO_SERVER_URL, type Settings } from '../../common/settings.js';
import { findServers, type FindServersOptions, type ServerWish } from '../run/find-servers.js';
import { serverStatus } from '../run/server-status.js';
import { ServeInputError } from '../serve/errors.js';
import { builtInModelFor, type LocalModel, type LocalModelSearch } from '../serve/local-models.js';
import { startRunEngine, type ServerProcess, type SpawnServerChild } from '../serve/server-process.js';
import type { ConnectionOptions } from '../engine/connection-pool.js';

/** A run cannot get a target; the message is one line for the UI. */
export class TargetError extends Error {
  override name = 'TargetError';
}

export interface AppTargetDeps {
  /**
   * Starts the built-in engine's process for a run that has no server to benchmark: Electron's
   * utilityProcess in the app, Node's fork in web mode. Without it such a run fails with one line.
   */
  spawnServer?: SpawnServerChild;
  /** Where discovery looks (tests: look-alike servers on free ports) and how long it may take. */
  discovery?: Pick<FindServersOptions, 'addresses' | 'budgetMs'>;
  /** Where the model finder looks (tests: a fake home). */
  localModels?: LocalModelSearch;
  /** Lines the user should see (the built-in engine is used; it stopped mid-run). */
  warn(line: string): void;
}

/** What a run benchmarks: its URL, and the built-in engine started for it (stopped by the caller) or null. */
export interface AppTarget {
  url: string;
  engine: ServerProcess | null;
  demo: boolean;
}

const ENTER_A_SERVER = 'Start Ollama or your server, or enter its address in Setup → Server URL.';

/** Setup's model and API, as a wish for discovery when it names no server. */
function wishOf(settings: Settings): ServerWish {
  return { ...(settings.model === null ? {} : { model: settings.model }), ...(settings.api === 'auto' ? {} : { api: settings.api }) };
}

/** A found server as the status line shows it (no second round of requests). */
function statusOf(server: FoundServer): ServerStatus {
  const { url, api, version, models, loadedModel } = server;
  return { url, reachable: true, api, version, models, loadedModel, warning: server.warning ?? null };
}

/** What Run benchmark does when no server answers (status line, run warning). */
function builtInEngineLine(model: LocalModel): string {
  return `No local LLM server answers: Run benchmark uses the built-in engine on ${model.demo ? DEMO_MODEL_PHRASE : model.name}`;
}

export interface AppTargets {
  /** Every local server, and what a run with Setup's wishes would benchmark (the findServers verb). */
  discover(settings: Settings): Promise<ServerDiscovery>;
  /** Decides the run's target, starting the built-in engine when that is it. Throws TargetError. */
  open(settings: Settings): Promise<AppTarget>;
  /** The status line: the server Setup names, else the one found, else what Run benchmark would do. */
  status(settings: Settings, connection?: ConnectionOptions): Promise<ServerStatus>;
}

export function appTargets(deps: AppTargetDeps): AppTargets {
  async function discover(settings: Settings): Promise<{ discovery: ServerDiscovery; local: LocalModel | null }> {
    const wish = wishOf(settings);
    const local = builtInModelFor(wish.model, deps.localModels);
    const discovery = await findServers({ ...deps.discovery, builtInModel: () => local, prefer: wish });
    return { discovery, local: await local };
  }

  async function startEngine(spawn: SpawnServerChild, local: LocalModel): Promise<ServerProcess> {
    try {
      const engine = await startRunEngine(spawn, { path: local.path, name: local.name, ...(local.digest ? { digest: local.digest } : {}) });
      engine.onUnexpectedExit((what) => deps.warn(`${what}; the run's remaining requests will fail`));
      return engine;
    } catch (err) {
      if (err instanceof ServeInputError) throw new TargetError(`The built-in engine cannot serve ${local.path}: ${err.message}`);
      throw err;
    }
  }

  return {
    discover: async (settings) => (await discover(settings)).discovery,

    async open(settings) {
      if (settings.url !== AUTO_SERVER_URL) return { url: settings.url, engine: null, demo: false };
      const { discovery, local } = await discover(settings);
      const target = discovery.defaultTarget;
      if (target.kind === 'server') return { url: target.url, engine: null, demo: false };
      if (local === null) {
        throw new TargetError(
          settings.model === null
            ? `No local LLM server answers and there is no model file for the built-in engine. ${ENTER_A_SERVER}`
            : `No local LLM server answers and Ollama has not pulled "${settings.model}". ${ENTER_A_SERVER}`,
        );
      }
      if (!deps.spawnServer) throw new TargetError(`No local LLM server answers. ${ENTER_A_SERVER}`);
      deps.warn(builtInEngineLine(local));
      const engine = await startEngine(deps.spawnServer, local);
      return { url: engine.url, engine, demo: local.demo };
    },

    async status(settings, connection) {
      if (settings.url !== AUTO_SERVER_URL) return serverStatus(settings.url, settings.api === 'auto' ? undefined : settings.api, undefined, connection);
      const { discovery, local } = await discover(settings);
      const target = discovery.defaultTarget;
      const found = target.kind === 'server' ? discovery.servers.find((s) => s.url === target.url) : undefined;
      if (found) return statusOf(found);
      const warning = local ? builtInEngineLine(local) : `No local LLM server answers, and there is no model file for the built-in engine. ${ENTER_A_SERVER}`;
      return { url: AUTO_SERVER_URL, reachable: false, api: null, version: null, models: [], loadedModel: null, warning };
    },
  };
}
