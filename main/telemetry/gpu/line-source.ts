// A GPU source fed by a long-running child that prints one reading per line (nvidia-smi -lms, macmon pipe).
import type { TelemetrySourceStatus } from '../../../common/run-manifest.js';
import { spawnLines, type LineChild } from './line-child.js';
import type { GpuReading, GpuSource } from './source.js';

export interface LineSourceOptions {
  name: string;
  file: string;
  args: readonly string[];
  env: NodeJS.ProcessEnv;
  intervalMs: number;
  /** A line → samples (several GPUs may share a tick); a line that is not a reading gives none. */
  parse: (line: string, receivedAt: number) => GpuReading[];
  firstSampleTimeoutMs?: number;
}

export function createLineSource(opts: LineSourceOptions): GpuSource {
  let status: TelemetrySourceStatus = { available: false, source: opts.name, reason: 'not started' };
  let child: LineChild | null = null;
  let stopping = false;

  return {
    name: opts.name,
    get status() {
      return status;
    },
    async start(onSample) {
      let resolveFirst: () => void = () => undefined;
      const first = new Promise<void>((resolve) => {
        resolveFirst = resolve;
      });
      // Some tools print their failure on stdout (nvidia-smi's "has failed because …").
      let lastOther = '';
      child = spawnLines(opts.file, opts.args, opts.env, (line) => {
        const samples = opts.parse(line, Date.now());
        if (samples.length === 0) {
          if (line.trim() !== '') lastOther = line.trim().slice(0, 300);
          return;
        }
        if (status.reason) status = { available: true, source: opts.name };
        for (const sample of samples) onSample(sample);
        resolveFirst();
      });
      const running = child;
      status = { available: true, source: opts.name };
      void running.exited.then((code) => {
        if (stopping) return;
        const why = running.stderrTail().split('\n').slice(-1)[0] || lastOther || `exit code ${code}`;
        status = { available: false, source: opts.name, reason: `${opts.name} stopped: ${why}` };
        resolveFirst();
      });
      const waitMs = opts.firstSampleTimeoutMs ?? Math.max(5000, opts.intervalMs * 3);
      let timer: NodeJS.Timeout | undefined;
      const bound = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), waitMs);
        timer.unref();
      });
      const outcome = await Promise.race([first.then(() => 'settled' as const), bound]);
      clearTimeout(timer);
      if (outcome === 'timeout' && status.available) {
        status = { available: true, source: opts.name, reason: `no sample from ${opts.name} within ${waitMs} ms` };
      }
      return status;
    },
    async stop() {
      stopping = true;
      await child?.stop();
    },
  };
}
