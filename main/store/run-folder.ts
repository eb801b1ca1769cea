import { join } from 'node:path';

/** File names inside a run folder (docs/run-format.md). */
export const RUN_FILES = {
  manifest: 'run.json',
  requests: 'requests.jsonl',
  /** One line per request handed to the HTTP client, written before it is sent (an interrupted level's count). */
  starts: 'starts.jsonl',
  summary: 'summary.json',
  /** Holds the writing process's pid while a run is live; a stale one marks a dead run. */
  lock: 'run.lock',
  telemetryDir: 'telemetry',
} as const;

export const TELEMETRY_NAME_PATTERN = /^[a-z0-9-]+$/;

export function telemetryFile(runDir: string, name: string): string {
  if (!TELEMETRY_NAME_PATTERN.test(name)) {
    throw new RunFolderError(`invalid telemetry name ${JSON.stringify(name)}: use lowercase letters, digits and dashes`);
  }
  return join(runDir, RUN_FILES.telemetryDir, `${name}.jsonl`);
}

/** A run folder that cannot be created or read; the message is one line a user can act on. */
export class RunFolderError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RunFolderError';
  }
}

/**
 * A folder with a run.json that cannot be used: not a plain file, not JSON, or not what the schema
 * (common/run-manifest.ts) requires. The app lists it as damaged with `reason`; the CLI says the message.
 */
export class DamagedRunFolderError extends RunFolderError {
  constructor(
    readonly dir: string,
    /** One line, e.g. `run.json is damaged (target: Invalid input: expected object, received undefined)`. */
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${dir} is not a Tokenbench run folder: ${reason}`, options);
    this.name = 'DamagedRunFolderError';
  }
}
