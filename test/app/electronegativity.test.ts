// Electron's security checks (@doyensec/electronegativity) over main/app and preload, as `npm test`
// runs them: no finding above INFORMATIONAL. The tool itself is proven to bite on a bad window.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface Scan {
  code: number | null;
  report: { checks: number; findings: Array<{ id: string; severity: string }>; blocking: Array<{ id: string }>; parseErrors: string[] };
}

function scan(extra: string[] = []): Promise<Scan> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['scripts/lint-electron.mjs', '--json', ...extra], { cwd: ROOT, timeout: 60_000 }, (err, stdout) => {
      const line = stdout.split('\n').find((l) => l.startsWith('{"checks"'));
      if (!line) return reject(new Error(`no report from lint-electron: ${String(err)}\n${stdout}`));
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, report: JSON.parse(line) as Scan['report'] });
    });
  });
}

describe('electronegativity', () => {
  it('finds nothing above informational in main/app and preload', async () => {
    const { code, report } = await scan();
    expect(report.parseErrors).toEqual([]);
    expect(report.checks).toBeGreaterThan(30);
    expect(report.blocking).toEqual([]);
    expect(code).toBe(0);
  });

  it('fails on an insecure window (so the check above means something)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tokenbench-bad-electron-'));
    try {
      writeFileSync(
        join(dir, 'bad.js'),
        "const { BrowserWindow } = require('electron');\nnew BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false } });\n",
      );
      const { code, report } = await scan(['--input', dir]);
      expect(code).toBe(1);
      expect(report.blocking.map((f) => f.id)).toEqual(expect.arrayContaining(['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK', 'LIMIT_NAVIGATION_GLOBAL_CHECK']));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
