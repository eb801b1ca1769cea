import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

/** The folder holding `node`, so the fake tools' `#!/usr/bin/env node` works under a bare PATH. */
export const nodeDir = path.dirname(process.execPath);

const made: string[] = [];
// Each test file gets its own copy of this module, so this runs after each file that made folders.
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh empty folder, removed after the test file. */
export function emptyDir(prefix = 'tb-telemetry-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** PIDs of running processes whose command line contains `needle` (via ps, bounded). */
export function pidsRunning(needle: string): number[] {
  const out = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8', timeout: 5000 });
  return out
    .split('\n')
    .filter((l) => l.includes(needle) && !l.includes('ps -eo'))
    .map((l) => Number(l.trim().split(/\s+/)[0]));
}

/** A /sys/class/drm tree with one amdgpu card0 whose device folder holds `files` besides its vendor id. */
export function fakeAmdCard(files: Record<string, string> = {}): { drm: string; device: string } {
  const drm = emptyDir();
  const device = path.join(drm, 'card0', 'device');
  mkdirSync(device, { recursive: true });
  writeFileSync(path.join(device, 'vendor'), '0x1002\n');
  writeFileSync(path.join(device, 'gpu_busy_percent'), '0\n');
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(device, name), text);
  return { drm, device };
}
