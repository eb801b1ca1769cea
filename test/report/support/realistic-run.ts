// Real run folders for the report tests: the real `tokenbench run` (in-process) against the scripted
// server, with model output that tries to inject markup, thinking tokens, queueing past the server's
// slots and a few faults. Telemetry samples are written into the folder afterwards (no GPU here), and
// the level energy is integrated from them the way the run's telemetry session does.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunSummary } from '../../../common/results.js';
import type { RunManifest } from '../../../common/run-manifest.js';
import { energyOfWindow } from '../../../main/telemetry/energy.js';
import type { GpuSample, ProcessSample } from '../../../common/telemetry.js';
import { startScriptedServer, type ScriptedServerOptions } from '../../support/scripted-server.js';
import { cli, type CapturedCli } from '../../support/cli-in-process.js';

export const HOSTILE_TOKENS = [
  '<script>window.__pwned=1</script>',
  '<img src=x onerror="window.__pwned=1">',
  '</script><script>window.__pwned=1</script>',
  '<!--',
];

export const VOCABULARY = [' Time', ' is', ...HOSTILE_TOKENS.map((t) => ` ${t}`), ' change', ' é', ' 日本', '.', '\n'];

export { cli, type CapturedCli };

export interface RealisticRunOptions {
  outDir: string;
  slots: number;
  tokenIntervalMs: number;
  /** Power in watts the fake GPU draws per concurrent request (on top of 10 W idle). */
  wattsPerRequest: number;
  faults?: ScriptedServerOptions['faults'];
}

/** Makes one run folder under `outDir` and returns its path. */
export async function makeRealisticRun(options: RealisticRunOptions): Promise<string> {
  const server = await startScriptedServer({
    slots: options.slots,
    tokens: 24,
    thinkingTokens: 6,
    prefillMs: 15,
    tokenIntervalMs: options.tokenIntervalMs,
    vocabulary: VOCABULARY,
    faults: options.faults,
  });
  const before = new Set(safeList(options.outDir));
  try {
    const result = await cli([
      'run',
      '--url',
      server.url,
      '--concurrency',
      '1,2,4,8',
      '--think',
      '--timeout',
      '10',
      '--telemetry',
      'none',
      '--out',
      options.outDir,
      '--prompt',
      'Say <b>hi</b> & explain time',
    ]);
    if (result.code !== 0) throw new Error(`tokenbench run failed (${result.code}): ${result.stderr}`);
  } finally {
    await server.close();
  }
  const id = safeList(options.outDir).find((name) => !before.has(name));
  if (!id) throw new Error('no run folder was created');
  const dir = join(options.outDir, id);
  addTelemetry(dir, options.wattsPerRequest);
  return dir;
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/**
 * GPU and process samples every 50 ms over the run's span, whose values follow the load (the number of
 * requests in flight at that moment), then each level's energy from those samples, as the run would have.
 */
function addTelemetry(dir: string, wattsPerRequest: number): void {
  const manifest = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as RunManifest;
  const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as RunSummary;
  const first = Date.parse(manifest.startedAt);
  const last = Math.max(...summary.levels.map((l) => l.endedAt)) + 200;
  const inFlight = (t: number): number => {
    const level = summary.levels.find((l) => t >= l.startedAt && t <= l.endedAt);
    return level ? level.concurrency : 0;
  };
  const gpu: GpuSample[] = [];
  const processes: ProcessSample[] = [];
  for (let t = first; t <= last; t += 50) {
    const load = inFlight(t);
    gpu.push({ t, source: 'nvidia-smi', index: 0, gpuUsagePct: Math.min(100, load * 20), gpuFreqMHz: load > 0 ? 1800 : 300, gpuPowerW: 10 + wattsPerRequest * load, vramUsedBytes: 4e9, tempC: 50 + load });
    processes.push(
      { t, pid: 100, ppid: 1, name: 'ollama', role: 'server', cpuPct: 2 + load, rssBytes: 200 * 1024 ** 2, vszBytes: 2e9, threads: 20, fds: 30 + load },
      { t, pid: 101, ppid: 100, name: 'llama-server', role: 'child', cpuPct: 50 * load, rssBytes: (4000 + 10 * load) * 1024 ** 2, vszBytes: 8e9, threads: 16, fds: 12 },
    );
  }
  mkdirSync(join(dir, 'telemetry'), { recursive: true });
  writeFileSync(join(dir, 'telemetry', 'gpu.jsonl'), gpu.map((s) => JSON.stringify(s)).join('\n') + '\n');
  writeFileSync(join(dir, 'telemetry', 'process.jsonl'), processes.map((s) => JSON.stringify(s)).join('\n') + '\n');
  for (const level of summary.levels) {
    level.energy = energyOfWindow(gpu, { startedAt: level.startedAt, endedAt: level.endedAt }, level.outputTokensTotal, 5000);
  }
  writeFileSync(join(dir, 'summary.json'), JSON.stringify(summary));
  manifest.telemetry = { gpu: { available: true, source: 'nvidia-smi' }, process: { available: true, source: 'proc (port 11434)' } };
  writeFileSync(join(dir, 'run.json'), JSON.stringify(manifest));
}
