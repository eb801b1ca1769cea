// Runs `tokenbench …` through main() in this process with captured output: faster than spawning the
// built bin, for tests that check what a command prints and writes rather than how the process exits.
import { PassThrough } from 'node:stream';
import type { CliIo } from '../../main/cli/io.js';
import { main } from '../../main/cli/main.js';

export interface CapturedCli {
  code: number;
  stdout: string;
  stderr: string;
}

export async function cli(argv: string[]): Promise<CapturedCli> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const io: CliIo = {
    stdout,
    stderr,
    onInterrupt: () => () => undefined,
    quitNow: () => {
      throw new Error('quitNow()');
    },
  };
  const code = await main(argv, io);
  // Let the streams deliver what the command wrote last.
  await new Promise((r) => setImmediate(r));
  return { code, stdout: out, stderr: err };
}
