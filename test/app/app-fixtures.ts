// Shared pieces of the app tests: a temp user-data folder, a service pointed at it, an event recorder.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunEvent } from '../../common/api.js';
import { DEFAULT_SETTINGS, type Settings } from '../../common/settings.js';
import { createAppService, type AppService, type AppServiceDeps, type RenderedReport, type ReportSaver } from '../../main/app/service.js';

export interface AppFixture {
  dir: string;
  runsDir: string;
  settingsFile: string;
  service: AppService;
  warnings: string[];
  /** What the injected report saver was asked to save. */
  saved: RenderedReport[];
  cleanup(): Promise<void>;
}

/** `deps`: what a test adds (discovery's addresses, the model finder's folders, the engine's spawn). */
export function makeAppFixture(saver?: ReportSaver, deps: Pick<AppServiceDeps, 'discovery' | 'localModels' | 'spawnServer'> = {}): AppFixture {
  const dir = mkdtempSync(join(tmpdir(), 'tokenbench-app-'));
  const runsDir = join(dir, 'runs');
  const settingsFile = join(dir, 'settings.json');
  const warnings: string[] = [];
  const saved: RenderedReport[] = [];
  const service = createAppService({
    runsDir,
    settingsFile,
    telemetry: 'none',
    ...deps,
    onWarning: (line) => warnings.push(line),
    saveReport:
      saver ??
      (async (_runId, _format, render) => {
        const report = await render();
        saved.push(report);
        return `/saved/${report.fileName}`;
      }),
  });
  return {
    dir,
    runsDir,
    settingsFile,
    service,
    warnings,
    saved,
    async cleanup() {
      await service.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Settings for a short custom run against `url`. */
export function quickSettings(url: string, concurrency: number[]): Settings {
  return {
    ...DEFAULT_SETTINGS,
    url,
    profile: 'custom',
    custom: { ...DEFAULT_SETTINGS.custom, concurrency, timeoutMs: 10_000, idleTimeoutMs: 5_000 },
  };
}

/** Collects run events until one matches, or rejects after `timeoutMs`. */
export function waitForEvent(
  subscribe: (listener: (event: RunEvent) => void) => () => void,
  predicate: (event: RunEvent) => boolean,
  timeoutMs = 15_000,
): { events: RunEvent[]; done: Promise<RunEvent> } {
  const events: RunEvent[] = [];
  let unsubscribe: () => void = () => undefined;
  const done = new Promise<RunEvent>((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`no matching run event within ${timeoutMs} ms; got ${events.map((e) => e.type).join(', ')}`));
    }, timeoutMs);
    unsubscribe = subscribe((event) => {
      events.push(event);
      if (predicate(event)) {
        clearTimeout(timer);
        unsubscribe();
        resolve(event);
      }
    });
  });
  return { events, done };
}
