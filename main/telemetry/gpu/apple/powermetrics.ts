// macOS without macmon: powermetrics, elevated once per run through sudo-prompt, writing plist samples
// into a folder only root can write (see powermetrics-command.ts) that this source tails. sudo-prompt
// calls back only when the root command ends, so the run goes on while it runs; a refused prompt
// leaves the run without GPU data, with the reason recorded.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { parsePowermetricsPlist, PlistStreamSplitter } from './powermetrics-parser.js';
import type { PowermetricsSample } from './powermetrics-sample.js';
import type { TelemetrySourceStatus } from '../../../../common/run-manifest.js';
import type { SudoExec } from './sudo-prompt.js';
import { powermetricsCommand, sampleCount, SAMPLES_FILE, STOP_FILE } from './powermetrics-command.js';
import { execElevated, UnsafeElevationError } from './safe-elevation.js';
import type { GpuReading, GpuSource } from '../source.js';

/** sudo-prompt's message when the user cancels the password dialog. */
const PERMISSION_DENIED = 'User did not grant permission.';

export interface PowermetricsSourceOptions {
  intervalMs: number;
  maxDurationMs: number;
  sudoExec: SudoExec;
  /** Where root makes its samples folder: a sticky, root-owned folder. Default /tmp. */
  rootTmp?: string;
  /** Parent of the app's private stop-signal folder; the OS temp folder when its path is plain enough. */
  userTmp?: string;
  /** How often the samples file is read. */
  pollMs?: number;
  /** How long start() waits for a first sample or an answer to the prompt. */
  promptTimeoutMs?: number;
  /** How long stop() waits for the root command to notice the stop file (it looks every second). */
  stopWaitMs?: number;
}

/** The interval's end as well as the file and powermetrics' whole-second stamp allow. */
function sampleTime(stampedMs: number | null, seenAt: number, pollMs: number): number {
  const estimate = seenAt - pollMs / 2;
  if (stampedMs === null || Math.abs(stampedMs - seenAt) > 5000) return estimate;
  return Math.min(Math.max(estimate, stampedMs), stampedMs + 999);
}

/** `intervalMs`: powermetrics' own elapsed time, else the interval it was asked for. */
function toGpuReading(s: PowermetricsSample, t: number, intervalMs: number): GpuReading {
  return {
    t,
    source: 'powermetrics',
    gpuUsagePct: s.gpuActivePct,
    gpuFreqMHz: s.gpuFreqMHz,
    gpuPowerW: s.gpuPowerW,
    cpuPowerW: s.cpuPowerW,
    anePowerW: s.anePowerW,
    combinedPowerW: s.combinedPowerW,
    packagePowerW: s.packagePowerW,
    dramPowerW: s.dramPowerW,
    intervalMs: s.elapsedMs ?? intervalMs,
  };
}

/** The app's own 0700 folder for the stop signal, at a path plain enough to quote for sh. */
function privateFolder(userTmp: string | undefined): string {
  for (const root of [userTmp ?? os.tmpdir(), '/tmp']) {
    const dir = mkdtempSync(path.join(root, 'tokenbench-stop-'));
    if (/^\/[A-Za-z0-9._/-]+$/.test(dir)) return dir;
    rmSync(dir, { recursive: true, force: true });
  }
  throw new Error('no temp folder with a plain path for the stop signal');
}

/** The last non-empty line: where tools put the reason they failed. */
function lastLine(text: string | Buffer | undefined): string {
  return String(text ?? '').trim().split('\n').filter((l) => l.trim() !== '').slice(-1)[0] ?? '';
}

export function createPowermetricsSource(opts: PowermetricsSourceOptions): GpuSource {
  const pollMs = opts.pollMs ?? Math.min(250, Math.max(50, Math.floor(opts.intervalMs / 2)));
  let status: TelemetrySourceStatus = { available: false, source: 'powermetrics', reason: 'not started' };
  /** The app's folder (stop signal); root's samples folder. */
  let dir: string | null = null;
  let samplesFile: string | null = null;
  let timer: NodeJS.Timeout | null = null;
  let stopping = false;
  let finished = false;
  let samples = 0;
  let offset = 0;
  let reading: Promise<void> | null = null;
  let splitter = new PlistStreamSplitter();
  let decoder = new StringDecoder('utf8');
  let emit: (sample: GpuReading) => void = () => undefined;
  let settle: () => void = () => undefined;
  let commandEnded: Promise<void> = Promise.resolve();
  let stopped: Promise<void> | null = null;

  const consume = (docs: string[], seenAt: number): void => {
    for (const doc of docs) {
      let parsed: PowermetricsSample;
      try {
        parsed = parsePowermetricsPlist(doc);
      } catch {
        splitter.torn += 1;
        continue;
      }
      samples += 1;
      if (status.reason && !finished) status = { available: true, source: 'powermetrics' };
      emit(toGpuReading(parsed, sampleTime(parsed.timestampMs, seenAt, pollMs), opts.intervalMs));
      settle();
    }
  };

  /** Reads what powermetrics appended since the last read. */
  const readNew = async (): Promise<void> => {
    const file = samplesFile;
    if (!file) return;
    try {
      const size = (await stat(file)).size;
      if (size < offset) {
        // The file was replaced: start over on the new one.
        offset = 0;
        splitter = new PlistStreamSplitter();
        decoder = new StringDecoder('utf8');
      }
      if (size === offset) return;
      const handle = await open(file, 'r');
      try {
        const buffer = Buffer.alloc(size - offset);
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset);
        offset += bytesRead;
        consume(splitter.push(decoder.write(buffer.subarray(0, bytesRead))), Date.now());
      } finally {
        await handle.close();
      }
    } catch {
      // Not written yet.
    }
  };

  const readOnce = (): Promise<void> => {
    reading ??= readNew().finally(() => {
      reading = null;
    });
    return reading;
  };

  const removeFolder = (): void => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = null;
  };

  return {
    name: 'powermetrics',
    get status() {
      return status;
    },
    async start(onSample) {
      emit = onSample;
      let command: string;
      try {
        dir = privateFolder(opts.userTmp);
        const rootDir = path.join(opts.rootTmp ?? '/tmp', `tokenbench-pm-${randomBytes(8).toString('hex')}`);
        command = powermetricsCommand({ rootDir, userDir: dir }, opts.intervalMs, sampleCount(opts.intervalMs, opts.maxDurationMs));
        samplesFile = path.join(rootDir, SAMPLES_FILE);
      } catch (error) {
        removeFolder();
        status = { available: false, source: 'powermetrics', reason: `powermetrics not started: ${(error as Error).message}` };
        return status;
      }
      const firstOrAnswer = new Promise<void>((resolve) => {
        settle = resolve;
      });
      status = { available: true, source: 'powermetrics', reason: 'waiting for the administrator password' };
      commandEnded = new Promise<void>((resolve) => {
        let answered = false;
        const done = (error?: Error, _stdout?: string | Buffer, stderr?: string | Buffer): void => {
          if (answered) return;
          answered = true;
          void (async () => {
            await readOnce();
            consume(splitter.push(decoder.end()), Date.now());
            splitter.end();
            finished = true;
            if (timer) clearInterval(timer);
            timer = null;
            if (error instanceof UnsafeElevationError) {
              status = { available: false, source: 'powermetrics', reason: `${error.message}: no GPU data this run` };
            } else if (error && error.message === PERMISSION_DENIED) {
              status = { available: false, source: 'powermetrics', reason: `administrator password refused (${PERMISSION_DENIED}): no GPU data this run` };
            } else if (error) {
              const why = lastLine(stderr) || lastLine(error.message);
              status = { available: samples > 0, source: 'powermetrics', reason: `powermetrics failed: ${why}` };
            } else if (!stopping) {
              status = { available: samples > 0, source: 'powermetrics', reason: `powermetrics ended after ${samples} samples (its -n bound)` };
            }
            removeFolder();
            settle();
            resolve();
          })();
        };
        try {
          execElevated(opts.sudoExec, command, done);
        } catch (error) {
          done(error as Error);
        }
      });
      timer = setInterval(() => void readOnce(), pollMs);
      timer.unref();
      let bound: NodeJS.Timeout | undefined;
      await Promise.race([
        firstOrAnswer,
        new Promise<void>((resolve) => {
          bound = setTimeout(resolve, opts.promptTimeoutMs ?? 120_000);
          bound.unref();
        }),
      ]);
      clearTimeout(bound);
      if (samples === 0 && status.available) {
        status = { available: true, source: 'powermetrics', reason: 'no sample yet (administrator password not entered?)' };
      }
      return status;
    },
    stop() {
      stopped ??= (async () => {
        stopping = true;
        // Whatever powermetrics wrote up to now; root removes its folder once it sees the stop file.
        await readOnce();
        if (dir && !finished) {
          try {
            writeFileSync(path.join(dir, STOP_FILE), '');
          } catch {
            // The folder is gone: the command has ended.
          }
        }
        let bound: NodeJS.Timeout | undefined;
        await Promise.race([
          commandEnded,
          new Promise<void>((resolve) => {
            bound = setTimeout(resolve, opts.stopWaitMs ?? 3000);
            bound.unref();
          }),
        ]);
        clearTimeout(bound);
        if (timer) clearInterval(timer);
        timer = null;
        await readOnce();
      })();
      return stopped;
    },
  };
}
