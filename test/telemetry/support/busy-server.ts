import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'busy-server.mjs');

export interface BusyServer {
  port: number;
  pid: number;
  /** Sends a command and resolves with the rest of its "ok …" answer. */
  send(command: string): Promise<string>;
  close(): Promise<void>;
}

/** Starts busy-server.mjs and waits (bounded) for its port. */
export async function startBusyServer(timeoutMs = 10_000): Promise<BusyServer> {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [script], { stdio: ['pipe', 'pipe', 'pipe'] });
  const waiters: ((line: string) => void)[] = [];
  let buffer = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (text: string) => {
    buffer += text;
    let nl = buffer.indexOf('\n');
    while (nl >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      waiters.shift()?.(line);
      nl = buffer.indexOf('\n');
    }
  });
  const nextLine = (what: string): Promise<string> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`busy-server: no answer to ${what} in ${timeoutMs} ms`)), timeoutMs);
      waiters.push((line) => {
        clearTimeout(timer);
        resolve(line);
      });
    });
  const hello = JSON.parse(await nextLine('startup')) as { port: number; pid: number };
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    port: hello.port,
    pid: hello.pid,
    async send(command) {
      const answer = nextLine(command);
      child.stdin.write(`${command}\n`);
      const line = await answer;
      const [ok, name, ...rest] = line.split(' ');
      if (ok !== 'ok' || name !== command.split(' ')[0]) throw new Error(`busy-server answered "${line}" to "${command}"`);
      return rest.join(' ');
    },
    async close() {
      child.stdin.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}
