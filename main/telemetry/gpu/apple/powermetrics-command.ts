// The one command Tokenbench runs as root. It is a constant string plus integers checked here and two
// folder paths the app made up itself, checked against a strict pattern: no user text ever reaches
// the root shell.
//
// Root writes only into a folder it creates itself (`mkdir` fails if anything already has that name)
// inside sticky /tmp, so no process of the user can swap a symlink under it and have root write
// elsewhere. The app's own private folder only carries the stop signal, which root merely tests for.
// The loop ends powermetrics within a second of the app dropping that `stop` file; `-n` ends it anyway
// if the app dies without doing so. Root removes its folder when done, two seconds after a natural end
// so the app can read the last samples.

export const POWERMETRICS = '/usr/bin/powermetrics';
export const SAMPLES_FILE = 'samples.plist';
export const STOP_FILE = 'stop';

/** Paths safe between single quotes in sh: absolute, no quotes, spaces, `..` or shell characters. */
const SAFE_PATH = /^\/[A-Za-z0-9._/-]+$/;
/** The root-made folder's own name: fixed prefix, random hex from the app. */
const ROOT_FOLDER_NAME = /\/tokenbench-pm-[0-9a-f]{16}$/;

export const MIN_INTERVAL_MS = 100;
export const MAX_INTERVAL_MS = 60_000;
export const MAX_SAMPLES = 1_000_000;

export class UnsafeCommandError extends Error {
  override name = 'UnsafeCommandError';
}

/** Samples for a run of at most `maxDurationMs`, plus a minute for the password prompt. */
export function sampleCount(intervalMs: number, maxDurationMs: number): number {
  return Math.min(MAX_SAMPLES, Math.ceil((maxDurationMs + 60_000) / intervalMs));
}

export interface PowermetricsFolders {
  /** Created by root (must not exist yet); powermetrics writes samples.plist there. */
  rootDir: string;
  /** The app's private folder (mkdtemp, 0700); the app drops `stop` there. */
  userDir: string;
}

function checkPath(p: string, what: string): void {
  if (!SAFE_PATH.test(p) || p.split('/').includes('..')) throw new UnsafeCommandError(`unsafe ${what} for a root command: ${p}`);
}

export function powermetricsCommand(folders: PowermetricsFolders, intervalMs: number, samples: number): string {
  checkPath(folders.rootDir, 'folder');
  checkPath(folders.userDir, 'folder');
  if (!ROOT_FOLDER_NAME.test(folders.rootDir)) throw new UnsafeCommandError(`root folder must be named tokenbench-pm-<16 hex>: ${folders.rootDir}`);
  if (!Number.isInteger(intervalMs) || intervalMs < MIN_INTERVAL_MS || intervalMs > MAX_INTERVAL_MS) {
    throw new UnsafeCommandError(`interval must be an integer in [${MIN_INTERVAL_MS}, ${MAX_INTERVAL_MS}] ms: ${intervalMs}`);
  }
  if (!Number.isInteger(samples) || samples < 1 || samples > MAX_SAMPLES) {
    throw new UnsafeCommandError(`sample count must be an integer in [1, ${MAX_SAMPLES}]: ${samples}`);
  }
  const dir = `'${folders.rootDir}'`;
  const out = `'${folders.rootDir}/${SAMPLES_FILE}'`;
  const stop = `'${folders.userDir}/${STOP_FILE}'`;
  return (
    `umask 022; mkdir -m 755 ${dir} || exit 3; : > ${out}; ` +
    `${POWERMETRICS} --samplers cpu_power,gpu_power -f plist -i ${intervalMs} -n ${samples} -o ${out} >/dev/null & ` +
    `pm=$!; while kill -0 $pm 2>/dev/null; do if [ -e ${stop} ]; then kill $pm; fi; sleep 1; done; ` +
    `wait $pm; code=$?; if [ $code -eq 0 ] && [ ! -e ${stop} ]; then sleep 2; fi; rm -rf ${dir}; ` +
    `if [ -e ${stop} ]; then exit 0; fi; exit $code`
  );
}
