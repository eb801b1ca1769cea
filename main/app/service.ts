// The app's back end as plain Node: one object implementing the renderer's contract, used by the
// Electron IPC handlers and by the web-mode server alike. One run at a time.
import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import type { FoundServer, ReportFormat, RunEvent, ServerDiscovery, ServerStatus } from '../../common/api.js';
import type { RunEventSource, VerbHandlers } from '../../common/api-verbs.js';
import { asDemoTarget, DEMO_MODEL_NOTE } from '../../common/demo-model.js';
import { DEFAULTS, type RunConfig } from '../../common/run-config.js';
import { AUTO_SERVER_URL, settingsSchema, type Settings } from '../../common/settings.js';
import { describeZodError } from '../../common/zod-error.js';
import { PreflightError } from '../run/detect-server.js';
import { preflight } from '../run/preflight.js';
import { findServers, type FindServersOptions, type ServerWish } from '../run/find-servers.js';
import { serverStatus } from '../run/server-status.js';
import { ServeInputError } from '../serve/errors.js';
import { builtInModelFor, type LocalModel, type LocalModelSearch } from '../serve/local-models.js';
import { startRunEngine, type ServerProcess, type SpawnServerChild } from '../serve/server-process.js';
import { openRunSession } from '../run/run-session.js';
import { REPORT_FORMATS } from '../report/formats.js';
import { buildReportModel } from '../report/report-model.js';
import { TOOL_VERSION } from '../tool-version.js';
import type { OpenedRun } from '../store/run-reader.js';
import { ollamaParallelismWarning } from './parallelism-hint.js';
import { RunEventRelay } from './run-events.js';
import { RunLibrary, RunLibraryError } from './run-library.js';
import { runConfigFromSettings, SettingsError } from './run-settings.js';
import { loadSettings, saveSettingsFile } from './settings.js';

/** Something the user asked that cannot be done; its one-line message goes back to the UI as is. */
export class AppError extends Error {
  override name = 'AppError';
}

export const REPORT_EXTENSIONS: Record<ReportFormat, string> = { html: 'html', md: 'md', csv: 'csv', json: 'json' };
export const REPORT_CONTENT_TYPES: Record<ReportFormat, string> = {
  html: 'text/html; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

export interface RenderedReport {
  fileName: string;
  contentType: string;
  body: string;
}

/** Where a report goes: desktop shows a save dialog and writes the file; web mode hands back a download URL. */
export type ReportSaver = (runId: string, format: ReportFormat, render: () => Promise<RenderedReport>) => Promise<string | null>;

export interface AppServiceDeps {
  runsDir: string;
  settingsFile: string;
  saveReport: ReportSaver;
  /** Telemetry of app runs; default auto. Tests pass none. */
  telemetry?: RunConfig['telemetry'];
  /** Telemetry sampling period, ms; default DEFAULTS.sampleIntervalMs. */
  sampleIntervalMs?: number;
  /** Monotonic ms, for event throttling. */
  now?: () => number;
  /** Lines the user should see that belong to no call (a damaged settings file, telemetry not available). */
  onWarning?: (line: string) => void;
  /**
   * Starts the built-in engine's process for a run that has no server to benchmark (Setup names none and
   * none answers): Electron's utilityProcess in the app, Node's fork in web mode. Without it such a run
   * fails with one line.
   */
  spawnServer?: SpawnServerChild;
  /** Where discovery looks (tests: look-alike servers on free ports) and how long it may take. */
  discovery?: Pick<FindServersOptions, 'addresses' | 'budgetMs'>;
  /** Where the model finder looks (tests: a fake home). */
  localModels?: LocalModelSearch;
}

/** The verbs (common/api-verbs.ts), the live events, and what only main uses. */
export interface AppService extends VerbHandlers, RunEventSource {
  /** The id of the run in progress, or null. */
  activeRunId(): string | null;
  /** A report rendered in memory (web-mode downloads, the desktop save dialog). */
  renderReport(runId: string, format: ReportFormat): Promise<RenderedReport>;
  /** Cancels the run in progress and waits for its folder to be closed. */
  close(): Promise<void>;
}

interface ActiveRun {
  id: string;
  cancel: AbortController;
  done: Promise<void>;
}

/** What a run benchmarks: the server Setup names or discovery finds, or the built-in engine started for it. */
interface AppTarget {
  url: string;
  engine: ServerProcess | null;
  demo: boolean;
}

/** Setup's model and API, as a wish for discovery when it names no server. */
function wishOf(settings: Settings): ServerWish {
  return { ...(settings.model === null ? {} : { model: settings.model }), ...(settings.api === 'auto' ? {} : { api: settings.api }) };
}

/** A found server as the status line shows it (no second round of requests). */
function statusOf(server: FoundServer): ServerStatus {
  const { url, api, version, models, loadedModel } = server;
  return { url, reachable: true, api, version, models, loadedModel, warning: server.warning ?? null };
}

/** "llama3.2:1b" or "the demo model (random weights: …)": the built-in engine's model in the app's words. */
function engineModelText(model: LocalModel): string {
  return model.demo ? `the demo model (${DEMO_MODEL_NOTE.replace(/^demo model, /, '')})` : model.name;
}

export function createAppService(deps: AppServiceDeps): AppService {
  const library = new RunLibrary(deps.runsDir);
  const events = new EventEmitter();
  events.setMaxListeners(0);
  const now = deps.now ?? (() => performance.now());
  const warn = (line: string): void => deps.onWarning?.(line);
  let settingsCache: Settings | null = null;
  let active: ActiveRun | null = null;
  let starting = false;

  async function currentSettings(): Promise<Settings> {
    if (settingsCache) return settingsCache;
    const loaded = await loadSettings(deps.settingsFile);
    if (loaded.warning) warn(loaded.warning);
    settingsCache = loaded.settings;
    return settingsCache;
  }

  function emit(event: RunEvent): void {
    events.emit('event', event);
  }

  /** Discovery with Setup's wishes, and the model the built-in engine would serve. */
  async function discover(settings: Settings): Promise<{ discovery: ServerDiscovery; local: LocalModel | null }> {
    const wish = wishOf(settings);
    const local = builtInModelFor(wish.model, deps.localModels);
    const discovery = await findServers({ ...deps.discovery, builtInModel: () => local, prefer: wish });
    return { discovery, local: await local };
  }

  /** The server Setup names, else the one discovery picks, else the built-in engine on a model on disk (or the demo model). */
  async function openTarget(settings: Settings): Promise<AppTarget> {
    if (settings.url !== AUTO_SERVER_URL) return { url: settings.url, engine: null, demo: false };
    const { discovery, local } = await discover(settings);
    const target = discovery.defaultTarget;
    if (target.kind === 'server') return { url: target.url, engine: null, demo: false };
    if (local === null) {
      throw new AppError(
        settings.model === null
          ? 'No local LLM server answers and there is no model file for the built-in engine. Start Ollama or your server, or enter its address in Setup → Server URL.'
          : `No local LLM server answers and Ollama has not pulled "${settings.model}". Start your server, or enter its address in Setup → Server URL.`,
      );
    }
    if (!deps.spawnServer) throw new AppError('No local LLM server answers. Start Ollama or your server, or enter its address in Setup → Server URL.');
    warn(`No local LLM server answers: Run benchmark uses the built-in engine on ${engineModelText(local)}`);
    try {
      const engine = await startRunEngine(deps.spawnServer, { path: local.path, name: local.name, ...(local.digest ? { digest: local.digest } : {}) });
      return { url: engine.url, engine, demo: local.demo };
    } catch (err) {
      if (err instanceof ServeInputError) throw new AppError(`The built-in engine cannot serve ${local.path}: ${err.message}`);
      throw err;
    }
  }

  async function startRun(overrides?: Partial<Settings>): Promise<{ runId: string }> {
    if (active || starting) throw new AppError(`a run is already in progress (${active?.id ?? 'starting'}); cancel it first`);
    starting = true;
    let target: AppTarget | null = null;
    try {
      const merged = settingsSchema.safeParse({ ...(await currentSettings()), ...(overrides ?? {}) });
      if (!merged.success) throw new AppError(`invalid settings: ${describeZodError(merged.error)}`);
      target = await openTarget(merged.data);
      const plan = runConfigFromSettings(merged.data, {
        url: target.url,
        outDir: library.runsDir,
        telemetry: deps.telemetry ?? DEFAULTS.telemetry,
        sampleIntervalMs: deps.sampleIntervalMs ?? DEFAULTS.sampleIntervalMs,
      });
      const checked = await preflight({ url: plan.config.url, api: plan.config.api, model: plan.config.model, audience: 'app' });
      const found = target.demo ? { ...checked, target: asDemoTarget(checked.target) } : checked;
      let relay: RunEventRelay | null = null;
      const session = await openRunSession({
        config: plan.config,
        found,
        toolVersion: TOOL_VERSION,
        addGpuCoreLevel: plan.addGpuCoreLevel,
        warnings: target.demo ? [DEMO_MODEL_NOTE] : [],
        warn,
        onTelemetrySample: (stream, sample) => relay?.telemetrySample(stream, sample),
      });
      const runId = session.manifest.id;
      relay = new RunEventRelay({ runId, config: session.config, emit, now });
      const cancel = new AbortController();
      const started = relay;
      const engine = target.engine;
      const done = session
        .execute({ signal: cancel.signal, events: started.events })
        .then(
          (end) => {
            if (end.unexpected !== null) warn(`run ${runId}: ${end.reason}`);
            return { status: end.status, reason: end.reason };
          },
          (err: unknown) => ({ status: 'failed' as const, reason: `unexpected failure: ${String(err)}` }),
        )
        .then(async ({ status, reason }) => {
          await engine?.close();
          // Free the slot before telling the UI, so a "Run again" on `finished` is accepted.
          active = null;
          started.finish(status, reason);
        });
      active = { id: runId, cancel, done };
      return { runId };
    } catch (err) {
      await target?.engine?.close();
      if (err instanceof PreflightError || err instanceof SettingsError) throw new AppError(err.message);
      throw err;
    } finally {
      starting = false;
    }
  }

  async function renderReport(runId: string, format: ReportFormat): Promise<RenderedReport> {
    const renderer = REPORT_FORMATS[format];
    if (!renderer) throw new AppError(`the ${format} report is not available in this version`);
    const run: OpenedRun = await library.open(runId);
    const { thresholds } = await currentSettings();
    const body = renderer(await buildReportModel(run, thresholds), {});
    return { fileName: `${runId}.${REPORT_EXTENSIONS[format]}`, contentType: REPORT_CONTENT_TYPES[format], body };
  }

  const api: AppService = {
    async getStatus(): Promise<ServerStatus> {
      const settings = await currentSettings();
      let status: ServerStatus;
      if (settings.url === AUTO_SERVER_URL) {
        const { discovery, local } = await discover(settings);
        const target = discovery.defaultTarget;
        const found = target.kind === 'server' ? discovery.servers.find((s) => s.url === target.url) : undefined;
        if (!found) {
          const warning = local
            ? `No local LLM server answers: Run benchmark uses the built-in engine on ${engineModelText(local)}`
            : 'No local LLM server answers, and there is no model file for the built-in engine: start Ollama or your server.';
          return { url: AUTO_SERVER_URL, reachable: false, api: null, version: null, models: [], loadedModel: null, warning };
        }
        status = statusOf(found);
      } else {
        status = await serverStatus(settings.url, settings.api === 'auto' ? undefined : settings.api);
      }
      if (status.api !== 'ollama' || status.warning !== null) return status;
      try {
        return { ...status, warning: await ollamaParallelismWarning(status.url, library.runsDir) };
      } catch (err) {
        warn(`could not read past runs for the status line: ${String(err)}`);
        return status;
      }
    },
    findServers: async () => (await discover(await currentSettings())).discovery,
    getSettings: currentSettings,
    async saveSettings(settings) {
      const parsed = settingsSchema.safeParse(settings);
      if (!parsed.success) throw new AppError(`invalid settings: ${describeZodError(parsed.error)}`);
      saveSettingsFile(deps.settingsFile, parsed.data);
      settingsCache = parsed.data;
      return parsed.data;
    },
    startRun,
    async cancelRun(runId) {
      if (active?.id !== runId) return;
      active.cancel.abort();
      await active.done;
    },
    listRuns: () => library.list(),
    getRun: async (runId) => library.detail(runId, (await currentSettings()).thresholds),
    getRequest: (runId, level, index) => library.request(runId, level, index),
    async deleteRun(runId) {
      if (active?.id === runId) throw new AppError(`run ${runId} is in progress; cancel it first`);
      await library.delete(runId);
    },
    async saveReport(runId, format) {
      if (!REPORT_FORMATS[format]) throw new AppError(`the ${format} report is not available in this version`);
      await library.assertExists(runId);
      return deps.saveReport(runId, format, () => renderReport(runId, format));
    },
    onRunEvent(listener) {
      events.on('event', listener);
      return () => events.off('event', listener);
    },
    activeRunId: () => active?.id ?? null,
    renderReport,
    async close() {
      if (!active) return;
      active.cancel.abort();
      await active.done;
    },
  };
  return api;
}

/** Errors whose message is meant for the user (everything else is reported as an internal error). */
export function isUserFacingError(err: unknown): err is Error {
  return err instanceof AppError || err instanceof RunLibraryError;
}
