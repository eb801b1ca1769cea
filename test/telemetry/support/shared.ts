import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const shared = path.resolve(repoRoot, '..', 'shared');
export const telemetryFixtures = path.join(shared, 'fixtures', 'telemetry');
export const hasShared = existsSync(telemetryFixtures);
export const fakeBin = path.join(repoRoot, 'test', 'support', 'fake-bin');

if (!hasShared) console.warn(`[telemetry tests] skipping fixture tests: ${telemetryFixtures} is absent`);

export const fixture = (name: string): string => path.join(telemetryFixtures, name);

/** Polls until `check` returns a value, or fails after `timeoutMs`. */
export async function waitFor<T>(check: () => T | undefined | null | false, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
