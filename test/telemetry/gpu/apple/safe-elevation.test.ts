// sudo-prompt starts the script it runs as root with `cd "<cwd>"`, escaping only `"`. These tests drive
// sudo-prompt's real macOS script builder (faked platform and macOS tools, never sudo, never root: see
// test/support/sudo-prompt-mac-child.mjs) from a folder whose name is a shell command.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { elevationRefusal, execElevated, UnsafeElevationError } from '../../../../main/telemetry/gpu/apple/safe-elevation.js';
import { createPowermetricsSource } from '../../../../main/telemetry/gpu/apple/powermetrics.js';
import type { SudoExec } from '../../../../main/telemetry/gpu/apple/sudo-prompt.js';
import { runNode } from '../../../store/support/child.js';
import { compileModuleTree } from '../../../store/support/compile-store.js';
import { repoRoot } from '../../support/shared.js';

const CHILD = path.join(repoRoot, 'test', 'support', 'sudo-prompt-mac-child.mjs');
const SUDO_PROMPT = createRequire(path.join(repoRoot, 'package.json')).resolve('sudo-prompt');
/** A folder name that is a command: `touch pwned` runs wherever the shell that `cd`s into it runs. */
const HOSTILE_NAME = 'proj$(touch pwned)';

let work: string;
let elevationUrl: string;
beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'tb-elevation-'));
  elevationUrl = pathToFileURL(await compileModuleTree(repoRoot, 'main/telemetry/gpu/apple/safe-elevation.ts', path.join(work, 'build'))).href;
});
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

interface ChildOutcome {
  script: string | null;
  result: { error: string | null; stdout: string | null } | null;
  refused: { name: string; message: string } | null;
  /** The hostile name's command ran (as the user here; as root on a real Mac). */
  pwned: boolean;
}

async function elevateFrom(mode: 'sudo-prompt' | 'guarded', folderName: string): Promise<ChildOutcome> {
  const base = mkdtempSync(path.join(work, 'case-'));
  const cwd = path.join(base, folderName);
  const sandbox = path.join(base, 'sandbox');
  mkdirSync(cwd);
  mkdirSync(sandbox);
  const child = runNode(CHILD, [mode, elevationUrl, SUDO_PROMPT, cwd, sandbox]);
  const { code } = await child.exited(20_000);
  expect(code, child.stderr()).toBe(0);
  const line = (tag: string): unknown => {
    const found = child.lines.find((l) => l.startsWith(`${tag} `));
    return found === undefined ? null : JSON.parse(found.slice(tag.length + 1));
  };
  return {
    script: line('SCRIPT') as string | null,
    result: line('RESULT') as ChildOutcome['result'],
    refused: line('REFUSED') as ChildOutcome['refused'],
    pwned: existsSync(path.join(sandbox, 'pwned')),
  };
}

describe.skipIf(process.platform === 'win32')("sudo-prompt's real macOS script builder", () => {
  it('unguarded, it runs the folder name as a command in the root script (the hole)', async () => {
    const outcome = await elevateFrom('sudo-prompt', HOSTILE_NAME);
    expect(outcome.script).toMatch(/^cd ".*\/proj\$\(touch pwned\)"\necho root-command$/);
    expect(outcome.pwned).toBe(true);
  });

  it('through execElevated, that folder gets no prompt, no script, and nothing runs', async () => {
    const outcome = await elevateFrom('guarded', HOSTILE_NAME);
    expect(outcome.refused?.name).toBe('UnsafeElevationError');
    expect(outcome.refused?.message).toMatch(/^not asking for the administrator password: sudo-prompt would start its root script with "cd" into the current folder/);
    expect(outcome.script).toBeNull();
    expect(outcome.result).toBeNull();
    expect(outcome.pwned).toBe(false);
  });

  it('through execElevated from a plainly named folder (spaces and brackets too), the command runs', async () => {
    const outcome = await elevateFrom('guarded', 'My Project (v2) & co');
    expect(outcome.refused).toBeNull();
    expect(outcome.script).toMatch(/^cd ".*\/My Project \(v2\) & co"\necho root-command$/);
    expect(outcome.result).toEqual({ error: null, stdout: 'root-command\n' });
  });
});

describe('which working directories may reach the root script', () => {
  it.each(['/', '/Users/jane/Code/tokenbench', '/Users/jane/My Projects (old)/x', "/tmp/it's & ok; [1] {2} ~#%^*=:,?<>|"])('%s: allowed', (cwd) => {
    expect(elevationRefusal(cwd)).toBeNull();
  });

  it.each([
    '/tmp/proj$(id > /tmp/x)',
    '/tmp/proj`id`',
    '/tmp/a\\"; id; echo "',
    '/tmp/trailing\\',
    '/tmp/bang!',
    '/tmp/line\nbreak',
    '/tmp/tab\there',
    '/Users/josé/projects',
    'relative/dir',
  ])('%j: refused', (cwd) => {
    expect(elevationRefusal(cwd)).toMatch(/^not asking for the administrator password/);
  });

  it('execElevated refuses synchronously, before calling sudo-prompt', () => {
    let called = false;
    const sudoExec: SudoExec = () => {
      called = true;
    };
    expect(() => execElevated(sudoExec, 'true', () => undefined, '/tmp/x$(id)')).toThrow(UnsafeElevationError);
    expect(called).toBe(false);
    execElevated(sudoExec, 'true', () => undefined, '/tmp/x');
    expect(called).toBe(true);
  });
});

describe('the powermetrics source started from a hostile folder', () => {
  it('asks for no password and records why there is no GPU data; the run goes on', async () => {
    const hostile = path.join(work, HOSTILE_NAME);
    mkdirSync(hostile, { recursive: true });
    let prompted = false;
    const source = createPowermetricsSource({
      intervalMs: 1000,
      maxDurationMs: 10_000,
      sudoExec: () => {
        prompted = true;
      },
      promptTimeoutMs: 2_000,
      stopWaitMs: 100,
    });
    const before = process.cwd();
    process.chdir(hostile);
    try {
      const status = await source.start(() => undefined);
      expect(prompted).toBe(false);
      expect(status).toEqual({
        available: false,
        source: 'powermetrics',
        reason: expect.stringMatching(/^not asking for the administrator password: .*: no GPU data this run$/),
      });
    } finally {
      process.chdir(before);
      await source.stop();
    }
  });
});
