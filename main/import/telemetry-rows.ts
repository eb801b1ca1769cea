import { basename } from 'node:path';
import type { GpuSample, ProcessSample } from '../../common/telemetry.js';
import { LegacyFormatError, numberCell, studyCsvRows, timeCell, type CsvRow } from './csv-table.js';

/** Telemetry read from one study file: the samples kept, and what was left out. */
export interface StudySamples<T> {
  samples: T[];
  /** Damaged rows skipped, and the first one's message (for the warning). */
  skipped: number;
  firstSkipped: string | null;
  /** Samples outside the level's window (`keep`), left out. */
  dropped: number;
}

/** Which samples to keep, by time: a level's window, once it is known. Every sample when absent. */
export type KeepSample = (t: number) => boolean;

/**
 * Telemetry rows are parsed one by one as the file streams in and a damaged row is skipped, not fatal: the
 * study's monitors were restarted into the same files (O_TRUNC under a writer still running), which leaves
 * the odd torn line. Only samples `keep` accepts are held, so a huge file costs the window's samples.
 */
async function parseRows<T extends { t: number }>(rows: AsyncIterable<CsvRow>, parse: (row: CsvRow) => T, keep?: KeepSample): Promise<StudySamples<T>> {
  const out: StudySamples<T> = { samples: [], skipped: 0, firstSkipped: null, dropped: 0 };
  for await (const row of rows) {
    let sample: T;
    try {
      sample = parse(row);
    } catch (err) {
      if (!(err instanceof LegacyFormatError)) throw err;
      out.skipped++;
      out.firstSkipped ??= err.message;
      continue;
    }
    if (!keep || keep(sample.t)) out.samples.push(sample);
    else out.dropped++;
  }
  return out;
}

export const STUDY_GPU_SOURCE = 'powermetrics (study)';

/**
 * `gpu_metrics.csv` (Timestamp,Usage%,Power(W),Frequency(MHz)) as GPU samples. Usage% is dropped: the study's
 * parser split "GPU idle residency:  98.37%" on ": ", failed on the padding and wrote 100 every time, so the
 * column holds no information. Power and frequency parsed fine. powermetrics ran with `-i 1000`.
 */
export async function readGpuSamples(file: string, keep?: KeepSample): Promise<StudySamples<GpuSample>> {
  const rows = studyCsvRows(file, ['Timestamp', 'Power(W)', 'Frequency(MHz)']);
  return parseRows(rows, (row) => ({
    t: timeCell(file, row, 'Timestamp'),
    source: STUDY_GPU_SOURCE,
    gpuUsagePct: null,
    gpuFreqMHz: numberCell(file, row, 'Frequency(MHz)'),
    gpuPowerW: numberCell(file, row, 'Power(W)'),
    intervalMs: 1000,
  }), keep);
}

/** Matches `process_<pid>_metrics.csv`; the pid is the capture. */
export const PROCESS_FILE_PATTERN = /^process_(\d+)_metrics\.csv$/;

/**
 * `process_<pid>_metrics.csv` (Timestamp,PID,CPU%,MEM%,Threads,FDs,VSZ,RSS) as process samples. The study
 * found processes with `pgrep ollama` and read macOS `ps`, whose VSZ and RSS are KiB and whose %CPU is a
 * decaying average, not the last interval's. Parent and role are not recorded: ppid is 0 and every
 * process starts as `server`; `assignRoles` tells the runner apart afterwards.
 */
export async function readProcessSamples(file: string, keep?: KeepSample): Promise<StudySamples<ProcessSample>> {
  const match = PROCESS_FILE_PATTERN.exec(basename(file));
  if (!match) throw new LegacyFormatError(`${file}: not a process_<pid>_metrics.csv file`);
  const filePid = Number(match[1]);
  const rows = studyCsvRows(file, ['Timestamp', 'PID', 'CPU%', 'Threads', 'FDs', 'VSZ', 'RSS']);
  return parseRows(rows, (row) => {
    const pid = numberCell(file, row, 'PID');
    if (pid !== filePid) throw new LegacyFormatError(`${file}:${row.line}: PID ${pid} differs from the file name's ${filePid}`);
    return {
      t: timeCell(file, row, 'Timestamp'),
      pid,
      ppid: 0,
      name: 'ollama',
      role: 'server' as const,
      cpuPct: numberCell(file, row, 'CPU%'),
      rssBytes: numberCell(file, row, 'RSS') * 1024,
      vszBytes: numberCell(file, row, 'VSZ') * 1024,
      threads: numberCell(file, row, 'Threads'),
      fds: numberCell(file, row, 'FDs'),
    };
  }, keep);
}

/**
 * `pgrep ollama` caught the server and its model runner without saying which is which. The runner holds the
 * model's weights, so among several processes the one with the largest peak RSS is taken as the runner
 * (`child`, named "ollama runner"); the others stay `server`. With a single process nothing is assumed.
 */
export function assignRoles(samples: ProcessSample[]): ProcessSample[] {
  const peak = new Map<number, number>();
  for (const s of samples) peak.set(s.pid, Math.max(peak.get(s.pid) ?? 0, s.rssBytes ?? 0));
  if (peak.size < 2) return samples;
  let runner = -1;
  let most = -1;
  for (const [pid, rss] of peak) {
    if (rss > most) {
      most = rss;
      runner = pid;
    }
  }
  return samples.map((s) => (s.pid === runner ? { ...s, role: 'child' as const, name: 'ollama runner' } : s));
}
