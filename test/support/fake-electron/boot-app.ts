// Boots the built desktop app the way `electron .` does — package.json's `main` in its own process —
// with `electron` replaced by the recording fake (electron.ts), and drives it from the test.
import { fork } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildMessage, Command, CommandMessage, JournalEntry } from './messages.js';

/** The repository: above test/support/fake-electron when vitest runs this file, above dist/… when built. */
export const REPO_ROOT = fileURLToPath(new URL(import.meta.url.includes('/dist/test/') ? '../../../..' : '../../..', import.meta.url));
/** The compiled register.js (Node cannot --import TypeScript). */
const REGISTER = join(REPO_ROOT, 'dist', 'test', 'support', 'fake-electron', 'register.js');

/** The entry Electron would run: package.json's `main`. */
export function appMain(): string {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { main: string };
  return join(REPO_ROOT, pkg.main);
}

/** Packages electron-builder.yml keeps out of the app (`"!node_modules/<name>/**"`). */
export function packagesLeftOut(): string[] {
  const yml = readFileSync(join(REPO_ROOT, 'electron-builder.yml'), 'utf8');
  return [...yml.matchAll(/"!node_modules\/((?:@[^/]+\/)?[^/*]+)\/\*\*"/g)].map((m) => m[1]!).filter((name) => name !== 'electron');
}

export interface BootOptions {
  userData: string;
  /** process.platform as the app sees it. */
  platform?: NodeJS.Platform;
  env?: Record<string, string>;
}

export interface BootedApp {
  /** Every call the app made into Electron so far. */
  readonly journal: JournalEntry[];
  stderr(): string;
  send<T = unknown>(command: Command): Promise<T>;
  /** The first journal entry (already there or still to come) that matches. */
  waitFor(match: (entry: JournalEntry) => boolean, what: string, timeoutMs?: number): Promise<JournalEntry>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(): void;
}

export function bootApp(options: BootOptions): BootedApp {
  const main = appMain();
  for (const built of [main, REGISTER]) {
    if (!existsSync(built)) throw new Error(`${built} is missing: run \`npm run build\` (npm test does it first)`);
  }
  const child = fork(main, [], {
    cwd: REPO_ROOT,
    execArgv: ['--import', REGISTER],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: {
      ...process.env,
      FAKE_ELECTRON_USER_DATA: options.userData,
      FAKE_ELECTRON_EXCLUDED: JSON.stringify(packagesLeftOut()),
      ...(options.platform ? { FAKE_ELECTRON_PLATFORM: options.platform } : {}),
      ...options.env,
    },
  });
  const journal: JournalEntry[] = [];
  const waiters = new Set<() => void>();
  const replies = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let nextId = 1;
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdout?.resume();
  child.on('message', (message: ChildMessage) => {
    if (message.type === 'journal') {
      journal.push(message.entry);
      for (const wake of waiters) wake();
      return;
    }
    const reply = replies.get(message.id);
    replies.delete(message.id);
    if (message.ok) reply?.resolve(message.result);
    else reply?.reject(new Error(message.error));
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => {
      for (const { reject } of replies.values()) reject(new Error(`the app exited (${code ?? signal}) before answering`));
      for (const wake of waiters) wake();
      resolve({ code, signal });
    });
  });

  return {
    journal,
    stderr: () => stderr,
    send<T>(command: Command): Promise<T> {
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        replies.set(id, { resolve: resolve as (v: unknown) => void, reject });
        child.send({ id, command } satisfies CommandMessage);
      });
    },
    waitFor(match, what, timeoutMs = 15_000) {
      return new Promise<JournalEntry>((resolve, reject) => {
        const check = (): void => {
          const found = journal.find(match);
          const failed = failures(journal)[0];
          if (found) {
            done();
            resolve(found);
          } else if (failed) {
            done();
            reject(new Error(`the app hit ${failed.call} ${JSON.stringify(failed.args)} before ${what}`));
          } else if (child.exitCode !== null || child.signalCode !== null) {
            done();
            reject(new Error(`the app exited before ${what}; stderr: ${stderr}`));
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`no ${what} within ${timeoutMs} ms; last calls: ${journal.slice(-8).map((e) => e.call).join(', ')}; stderr: ${stderr}`));
        }, timeoutMs);
        const done = (): void => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    exited,
    kill: () => void child.kill('SIGKILL'),
  };
}

/** What Electron would log as an error: an API used too early, an unhandled rejection or exception. */
export function failures(journal: JournalEntry[]): JournalEntry[] {
  return journal.filter((e) => e.call === 'error' || e.call === 'process.unhandledRejection' || e.call === 'process.uncaughtException');
}

/** The entries for one call, in order. */
export function calls(journal: JournalEntry[], call: string): JournalEntry[] {
  return journal.filter((e) => e.call === call);
}
