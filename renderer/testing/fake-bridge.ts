// A TokenbenchApi held in memory, for renderer tests: answers from fixed data, records every call, and
// emits RunEvents when the test says so.
import type { RunEvent } from '../../common/api.js';
import type { TokenbenchApi, VerbArgs } from '../../common/api-verbs.js';
import { isOfPlacement } from '../../common/levels.js';
import type { WindowPage } from '../../common/app-routes.js';
import { rankingModel } from '../../common/report/ranking.js';
import { trendsModel } from '../../common/report/trends.js';
import type { BridgeCall, HarnessControl, HarnessData } from './harness-api.js';

export class FakeBridge implements TokenbenchApi, HarnessControl {
  readonly calls: BridgeCall[] = [];
  private readonly listeners = new Set<(event: RunEvent) => void>();
  private readonly saved: Array<{ runId: string; format: 'html' | 'md' | 'csv' | 'json' }> = [];

  constructor(private readonly data: HarnessData) {}

  private record(verb: string, args: unknown[]): void {
    this.calls.push({ verb, args });
  }

  private detail(runId: string) {
    const detail = this.data.details[runId];
    if (!detail) throw new Error(`no run ${runId}`);
    return detail;
  }

  async getStatus() {
    this.record('getStatus', []);
    return this.data.status;
  }
  async findServers() {
    this.record('findServers', []);
    if (this.data.discovery) return this.data.discovery;
    const servers = this.data.status.reachable && this.data.status.api
      ? [{ url: this.data.status.url, kind: this.data.status.api === 'ollama' ? ('ollama' as const) : ('openai-compatible' as const), api: this.data.status.api, version: this.data.status.version, models: this.data.status.models, loadedModel: this.data.status.loadedModel }]
      : [];
    return {
      servers,
      defaultTarget: servers[0] ? { kind: 'server' as const, url: servers[0].url } : { kind: 'none' as const, reason: 'no server in the test data' },
      tookMs: 0,
    };
  }
  async checkServer(url: string, api: HarnessData['settings']['api']) {
    this.record('checkServer', [url, api]);
    const found = this.data.discovery?.servers.find((s) => s.url === url);
    const fromFound = found ? { url, reachable: true, api: found.api, version: found.version, models: found.models, loadedModel: found.loadedModel, warning: null } : undefined;
    // An empty address asks for what the back end finds: the status line's answer.
    const known = this.data.checked?.[url] ?? (url === this.data.status.url || url === '' ? this.data.status : fromFound);
    return known ?? { url, reachable: false, api: null, version: null, models: [], loadedModel: null, warning: null };
  }
  async openWindow(page: WindowPage) {
    this.record('openWindow', [page]);
    return true;
  }
  async hidePopover() {
    this.record('hidePopover', []);
    return true;
  }
  async getSettings() {
    this.record('getSettings', []);
    return this.data.settings;
  }
  async saveSettings(settings: HarnessData['settings']) {
    this.record('saveSettings', [settings]);
    this.data.settings = settings;
    return settings;
  }
  async startRun(overrides?: Partial<HarnessData['settings']>) {
    this.record('startRun', overrides === undefined ? [] : [overrides]);
    return { runId: this.data.nextRunId };
  }
  async cancelRun(runId: string) {
    this.record('cancelRun', [runId]);
  }
  async listRuns() {
    this.record('listRuns', []);
    return [...this.data.runs];
  }
  async getRun(runId: string) {
    this.record('getRun', [runId]);
    return this.detail(runId);
  }
  async getRequest(...[runId, level, index, placement]: VerbArgs<'getRequest'>) {
    this.record('getRequest', placement === undefined ? [runId, level, index] : [runId, level, index, placement]);
    const found = this.detail(runId).requests.find((r) => r.level === level && r.index === index && isOfPlacement(r, placement));
    if (!found) throw new Error(`no request ${level}/${index}`);
    return found;
  }
  async deleteRun(runId: string) {
    this.record('deleteRun', [runId]);
    this.data.runs = this.data.runs.filter((r) => r.id !== runId);
  }
  async saveReport(runId: string, format: 'html' | 'md' | 'csv' | 'json') {
    this.record('saveReport', [runId, format]);
    this.saved.push({ runId, format });
    return this.data.savedReportPath;
  }
  async getApiKeyStatus() {
    this.record('getApiKeyStatus', []);
    return { stored: false, available: true, reason: null };
  }
  async setApiKey(key: string | null) {
    // The key itself is not recorded: a test sees that it was set, as main would never echo it.
    this.record('setApiKey', [key === null ? null : '(key)']);
    return { stored: key !== null, available: true, reason: null };
  }
  async getRanking(runIds: string[]) {
    this.record('getRanking', [runIds]);
    return rankingModel(runIds.map((id) => this.detail(id)));
  }
  async getTrends() {
    this.record('getTrends', []);
    const details = Object.values(this.data.details);
    return trendsModel(
      details.map((d) => ({ manifest: d.manifest, levels: d.levels, verdict: d.verdict })),
      this.data.settings.thresholds,
    );
  }
  onRunEvent(listener: (event: RunEvent) => void) {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  emit(event: RunEvent): void {
    for (const listener of this.listeners) listener(event);
  }
  listenerCount(): number {
    return this.listeners.size;
  }
  reportsSaved() {
    return [...this.saved];
  }
}
