// The renderer ⇄ main contract as one table: per verb, its argument list as a zod tuple (main checks
// every call against it before the service runs) and, as a type only, what the verb resolves with.
// Derived from it: the verb list, TokenbenchApi (what the renderer calls), VerbHandlers (what main's
// service implements), the IPC channels (main/app/channels.ts), main's dispatch (main/app/verbs.ts),
// the preload and the HTTP bridge. The web-mode wire format is docs/app.md § "Web mode wire format".
import * as z from 'zod/mini';
import { REPORT_FORMAT_NAMES, type ApiKeyStatus, type RunDetail, type RunEvent, type RunListItem, type ServerDiscovery, type ServerStatus } from './api.js';
import type { RequestRecord } from './results.js';
import { windowPageSchema } from './app-routes.js';
import { MAX_CONCURRENCY, serverUrlSchema } from './run-config.js';
import { RUN_ID_MAX_LENGTH, RUN_ID_PATTERN } from './run-id.js';
import type { RankingModel } from './report/ranking.js';
import type { TrendsModel } from './report/trends.js';
import { MAX_SERIES_MODELS, settingsFields, settingsSchema, type Settings } from './settings.js';

/** Type-only key: a verb's result type rides on its table entry without a runtime value. */
declare const RESULT: unique symbol;

type ArgsSchema = z.ZodMiniType<readonly unknown[]>;

/** One verb: the schema of its argument list and (type only) its result. */
export interface VerbSpec<Args extends ArgsSchema, Result> {
  readonly args: Args;
  readonly [RESULT]?: Result;
}

/** `verb<Result>()(argsSchema)`: the result type is given, the argument types come from the schema. */
function verb<Result>(): <Args extends ArgsSchema>(args: Args) => VerbSpec<Args, Result> {
  return (args) => ({ args });
}

const runId = z.string().check(z.minLength(1), z.maxLength(RUN_ID_MAX_LENGTH), z.regex(RUN_ID_PATTERN));
/** A record's `level`: its concurrency, or a rate level's cap (0 without one). */
const level = z.int().check(z.minimum(0), z.maximum(MAX_CONCURRENCY));
/** Which level of the plan, for runs whose levels share a concurrency (rate levels, repeats): common/levels.ts recordLevelKey. */
const placement = z.strictObject({ levelIndex: z.optional(z.int().check(z.minimum(0))), repeat: z.optional(z.int().check(z.minimum(0))) });
const requestIndex = z.int().check(z.minimum(0), z.maximum(1_000_000_000));

export const API_VERB_TABLE = {
  /** What the popover's status line shows about the target, without starting a run. */
  getStatus: verb<ServerStatus>()(z.tuple([])),
  /** Every local LLM server answering on the usual loopback ports, and what a one-click run would use. */
  findServers: verb<ServerDiscovery>()(z.tuple([])),
  getSettings: verb<Settings>()(z.tuple([])),
  /** Validates, saves and resolves with the settings as stored (levels normalised). */
  saveSettings: verb<Settings>()(z.tuple([settingsSchema])),
  /** Starts a run with the saved settings (one click) or overrides; resolves with the run id once it started. */
  startRun: verb<{ runId: string }>()(z.union([z.tuple([]), z.tuple([z.optional(z.partial(settingsFields))])])),
  cancelRun: verb<void>()(z.tuple([runId])),
  listRuns: verb<RunListItem[]>()(z.tuple([])),
  getRun: verb<RunDetail>()(z.tuple([runId])),
  /** One request with its playback payload (pieces and offsets): run id, level, index. */
  getRequest: verb<RequestRecord>()(z.tuple([runId, level, requestIndex, z.optional(placement)])),
  deleteRun: verb<void>()(z.tuple([runId])),
  /** Desktop: a save dialog; web mode: a download. Resolves with where it went, or null if the user cancelled. */
  saveReport: verb<string | null>()(z.tuple([runId, z.enum(REPORT_FORMAT_NAMES)])),

  // ── Setup and the menu-bar popover (issue 16) ──
  /** What getStatus tells, about an address typed in Setup and not saved yet: its URL and API. */
  checkServer: verb<ServerStatus>()(z.tuple([serverUrlSchema, settingsSchema.shape.api])),
  /**
   * Desktop: shows the page in the dashboard window and resolves true. The plain service (web mode) has no
   * window and resolves false; web mode's HTTP bridge opens a tab in the page instead of calling it.
   */
  openWindow: verb<boolean>()(z.tuple([windowPageSchema])),
  /** Desktop: hides the menu-bar popover (Escape); false where there is none (web mode, no-tray window). */
  hidePopover: verb<boolean>()(z.tuple([])),
  // --- Remote servers (issue 14): the API key lives in the OS keychain, never in settings.json ---
  /** Whether a key is stored and whether one can be. */
  getApiKeyStatus: verb<ApiKeyStatus>()(z.tuple([])),
  /** Stores the key in the OS keychain (null forgets it); resolves with the new status, never with the key. */
  setApiKey: verb<ApiKeyStatus>()(z.tuple([z.nullable(z.string().check(z.minLength(1), z.maxLength(4096)))])),
  // Several models and trends (docs/reports.md § Ranking, § Trends).
  /** The ranking of these runs (one per model, usually), built from their report models with the saved thresholds. */
  getRanking: verb<RankingModel>()(z.tuple([z.array(runId).check(z.minLength(2), z.maxLength(MAX_SERIES_MODELS))])),
  /** Every finished run grouped by server, model and plan, over time, with server-version and model-digest changes. */
  getTrends: verb<TrendsModel>()(z.tuple([])),
};

type VerbTable = typeof API_VERB_TABLE;

/** The request/response verbs (everything of TokenbenchApi but onRunEvent). */
export type ApiVerb = keyof VerbTable;

export const API_VERBS = Object.keys(API_VERB_TABLE) as ApiVerb[];

export function isApiVerb(name: string): name is ApiVerb {
  return Object.hasOwn(API_VERB_TABLE, name);
}

/** What a caller passes to `verb`. */
export type VerbArgs<V extends ApiVerb> = z.input<VerbTable[V]['args']>;
/** What the handler of `verb` receives: the arguments as the schema parsed them. */
export type ParsedVerbArgs<V extends ApiVerb> = z.output<VerbTable[V]['args']>;
/** What `verb` resolves with. */
export type VerbResult<V extends ApiVerb> = VerbTable[V] extends VerbSpec<ArgsSchema, infer Result> ? Result : never;

/** How the renderer calls `verb`. */
export type VerbCall<V extends ApiVerb> = (...args: VerbArgs<V>) => Promise<VerbResult<V>>;

/** One function per verb, as the renderer calls them. */
export type VerbCalls = { [V in keyof VerbTable]: VerbCall<V> };

/** One function per verb, as main's back end implements them. */
export type VerbHandlers = { [V in keyof VerbTable]: (...args: ParsedVerbArgs<V>) => Promise<VerbResult<V>> };

/** The live half of the API: main pushes RunEvents (IPC event channel, web mode's /api/events). */
export interface RunEventSource {
  /** Subscribes to live run events; returns the unsubscribe function. */
  onRunEvent(listener: (event: RunEvent) => void): () => void;
}

/** The API the renderer sees as `window.tokenbench` (desktop preload) or the HTTP bridge (web mode). */
export type TokenbenchApi = VerbCalls & RunEventSource;

/** Builds the per-verb half of an API (the preload, the HTTP bridge) from one function per verb. */
export function verbCalls(make: <V extends ApiVerb>(verb: V) => VerbCall<V>): VerbCalls {
  return Object.fromEntries(API_VERBS.map((name) => [name, make(name)])) as VerbCalls;
}

/** Web mode: the header that carries the page's token on every API call. */
export const WEB_TOKEN_HEADER = 'x-tokenbench-token';
