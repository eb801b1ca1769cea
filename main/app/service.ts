// The app's back end as plain Node: one object implementing the renderer's contract, used by the
// Electron IPC handlers and by the web-mode server alike. One run at a time.
import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import type { ReportFormat, RunEvent, ServerStatus } from '../../common/api.js';
import type { RunEventSource, VerbHandlers } from '../../common/api-verbs.js';
import { asDemoTarget, DEMO_MODEL_NOTE, demoRunConfig } from '../../common/demo-model.js';
import { DEFAULTS, type RunConfig } from '../../common/run-config.js';
import { settingsSchema, type Settings } from '../../common/settings.js';
import { describeZodError } from '../../common/zod-error.js';
import { PreflightError } from '../run/detect-server.js';
import { preflight } from '../run/preflight.js';
import { appTargets, TargetError, type AppTarget, type AppTargetDeps } from './app-target.js';
import { openRunSession } from '../run/run-session.js';
import { REPORT_FORMATS } from '../report/formats.js';
import { buildReportModel } from '../report/report-model.js';
import { TOOL_VERSION } from '../tool-version.js';
import type { OpenedRun } from '../store/run-reader.js';
import { ollamaParallelismWarning } from './parallelism-hint.js';
import { RunEventRelay } from './run-events.js';
import { RunLibrary, RunLibraryError } from './run-library.js';
import { runConfigFromSettings, SettingsError, type RunPlanFromSettings } from './run-settings.js';
import { startModelSeries } from './model-series-start.js';
import { rankRuns } from '../report/ranking/ranking-report.js';
import { readTrends } from '../report/trends-report.js';
import { loadSettings, saveSettingsFile } from './settings.js';
import { NO_KEYCHAIN, type ApiKeyStore } from './api-key-store.js';
import { connectionFromSettings, RemoteSettingsError, type AppConnection } from './remote-connection.js';

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
  /** The built-in engine's spawn, and where discovery and the model finder look (app-target.ts). */
  spawnServer?: AppTargetDeps['spawnServer'];
  discovery?: AppTargetDeps['discovery'];
  localModels?: AppTargetDeps['localModels'];
  /** The API key in the OS keychain (issue 14); absent: no keychain (web mode), no key. */
  apiKeys?: ApiKeyStore;
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

export function createAppService(deps: AppServiceDeps): AppService {
  const library = new RunLibrary(deps.runsDir);
  const events = new EventEmitter();
  events.setMaxListeners(0);
  const now = deps.now ?? (() => performance.now());
  const warn = (line: string): void => deps.onWarning?.(line);
  const targets = appTargets({ spawnServer: deps.spawnServer, discovery: deps.discovery, localModels: deps.localModels, warn });
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

  /** Setup's remote-server fields and the keychain's key, for a run or a status check of `url`. */
  async function connectionFor(settings: Settings, url: string): Promise<AppConnection | undefined> {
    return connectionFromSettings(settings.remote, (await deps.apiKeys?.get()) ?? null, url);
  }

  function emit(event: RunEvent): void {
    events.emit('event', event);
  }

  async function startRun(overrides?: Partial<Settings>): Promise<{ runId: string }> {
    if (active || starting) throw new AppError(`a run is already in progress (${active?.id ?? 'starting'}); cancel it first`);
    starting = true;
    let target: AppTarget | null = null;
    try {
      const merged = settingsSchema.safeParse({ ...(await currentSettings()), ...(overrides ?? {}) });
      if (!merged.success) throw new AppError(`invalid settings: ${describeZodError(merged.error)}`);
      target = await targets.open(merged.data);
      const plan = runConfigFromSettings(merged.data, {
        url: target.url,
        outDir: library.runsDir,
        telemetry: deps.telemetry ?? DEFAULTS.telemetry,
        sampleIntervalMs: deps.sampleIntervalMs ?? DEFAULTS.sampleIntervalMs,
      });
      // Several models in turn (Setup's model list): one run folder each (model-series-start.ts).
      const models = merged.data.models ?? [];
      if (models.length > 1) {
        if (target.engine) throw new AppError('Several models need a server that has them: the built-in engine serves one model file. Enter a server in Setup.');
        return await startSeries(plan, models);
      }
      const remote = await connectionFor(merged.data, plan.config.url);
      if (remote !== undefined) plan.config.connection = remote.info;
      const checked = await preflight({ url: plan.config.url, api: plan.config.api, model: plan.config.model, audience: 'app', connection: remote?.options });
      const found = target.demo ? { ...checked, target: asDemoTarget(checked.target) } : checked;
      let relay: RunEventRelay | null = null;
      const session = await openRunSession({
        config: target.demo ? demoRunConfig(plan.config) : plan.config,
        found,
        toolVersion: TOOL_VERSION,
        addGpuCoreLevel: plan.addGpuCoreLevel,
        warnings: target.demo ? [DEMO_MODEL_NOTE] : [],
        warn,
        onTelemetrySample: (stream, sample) => relay?.telemetrySample(stream, sample),
        connection: remote?.options,
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
      if (err instanceof PreflightError || err instanceof SettingsError || err instanceof TargetError || err instanceof RemoteSettingsError) {
        throw new AppError(err.message);
      }
      throw err;
    } finally {
      starting = false;
    }
  }

  /** The active slot is taken before the first model starts and follows each model's run id. */
  async function startSeries(plan: RunPlanFromSettings, models: readonly string[]): Promise<{ runId: string }> {
    const cancel = new AbortController();
    const slot: ActiveRun = { id: 'starting', cancel, done: Promise.resolve() };
    active = slot;
    const series = startModelSeries({
      plan,
      models,
      signal: cancel.signal,
      emit,
      now,
      warn,
      onRunOpened: (runId) => (slot.id = runId),
      release: () => {
        if (active === slot) active = null;
      },
    });
    slot.done = series.done;
    try {
      return { runId: await series.firstRunId };
    } catch (err) {
      if (active === slot) active = null;
      throw err;
    }
  }

  /** The status line of the server at `url` (Setup's saved one or one typed); an empty url means "find one". */
  async function statusOf(url: string, api: Settings['api']): Promise<ServerStatus> {
    const settings = { ...(await currentSettings()), url, api };
    let remote: AppConnection | undefined;
    try {
      remote = await connectionFor(settings, url);
    } catch (err) {
      if (!(err instanceof RemoteSettingsError)) throw err;
      return { url, reachable: false, api: null, version: null, models: [], loadedModel: null, warning: err.message };
    }
    const status = await targets.status(settings, remote?.options);
    if (status.api !== 'ollama' || status.warning !== null) return status;
    try {
      return { ...status, warning: await ollamaParallelismWarning(status.url, library.runsDir) };
    } catch (err) {
      warn(`could not read past runs for the status line: ${String(err)}`);
      return status;
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
      return statusOf(settings.url, settings.api);
    },
    checkServer: statusOf,
    findServers: async () => targets.discover(await currentSettings()),
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
    getRequest: (...[runId, level, index, placement]) => library.request(runId, level, index, placement),
    async deleteRun(runId) {
      if (active?.id === runId) throw new AppError(`run ${runId} is in progress; cancel it first`);
      await library.delete(runId);
    },
    async saveReport(runId, format) {
      if (!REPORT_FORMATS[format]) throw new AppError(`the ${format} report is not available in this version`);
      await library.assertExists(runId);
      return deps.saveReport(runId, format, () => renderReport(runId, format));
    },
    // Windows are the desktop edge's (main/app/main.ts); the plain service has none.
    openWindow: async () => false,
    hidePopover: async () => false,
    async getRanking(runIds) {
      const runs = await Promise.all(runIds.map((id) => library.open(id)));
      return rankRuns(runs, (await currentSettings()).thresholds);
    },
    getTrends: async () => readTrends(library.runsDir, (await currentSettings()).thresholds),
    onRunEvent(listener) {
      events.on('event', listener);
      return () => events.off('event', listener);
    },
    async getApiKeyStatus() {
      return deps.apiKeys ? deps.apiKeys.status() : { stored: false, available: false, reason: NO_KEYCHAIN };
    },
    async setApiKey(key) {
      if (!deps.apiKeys) throw new AppError(`the API key cannot be kept: ${NO_KEYCHAIN}`);
      try {
        return await deps.apiKeys.set(key);
      } catch (err) {
        throw new AppError((err as Error).message);
      }
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
