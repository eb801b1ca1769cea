import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { rendererDir } from '../app/renderer-dir.js';
import { createAppService } from '../app/service.js';
import { newWebToken, startWebServer, webReportSaver } from '../app/web-server.js';
import { CliError } from './errors.js';
import { parseIntegerInRange } from './flag-values.js';
import type { CliIo } from './io.js';

export const UI_HELP = `Usage: tokenbench ui [--port P] [--runs DIR] [--settings FILE]

Serves the app's interface in your browser, for machines without a desktop
(a GPU box over SSH) — on 127.0.0.1 only, behind a random token in the URL it
prints. Runs go to DIR in the run-folder format, like tokenbench run.

Options:
  --port P              TCP port on 127.0.0.1 (default 0: any free port)
  --runs DIR            folder of run folders (default runs)
  --settings FILE       where Setup is remembered
                        (default ~/.config/tokenbench/settings.json)
  -h, --help            show this help

Over SSH: ssh -L 8080:127.0.0.1:8080 gpu-box, run tokenbench ui --port 8080
there, and open the printed URL on your machine. Ctrl-C stops the server
(and cancels a run in progress; its finished requests are kept).
`;

export async function uiCommand(argv: string[], io: CliIo): Promise<number> {
  let values: { port?: string; runs?: string; settings?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: { port: { type: 'string' }, runs: { type: 'string' }, settings: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (err) {
    throw new CliError(`${err instanceof Error ? err.message.split('\n')[0] : String(err)} (see tokenbench ui --help)`);
  }
  if (values.help) {
    io.stdout.write(UI_HELP);
    return 0;
  }
  const port = values.port === undefined ? 0 : parseIntegerInRange('--port', values.port, 0, 65_535);
  const runsDir = resolve(values.runs ?? 'runs');
  const settingsFile = resolve(values.settings ?? join(homedir(), '.config', 'tokenbench', 'settings.json'));

  const token = newWebToken();
  const service = createAppService({
    runsDir,
    settingsFile,
    saveReport: webReportSaver(token),
    onWarning: (line) => io.stderr.write(`${line}\n`),
  });
  let server;
  try {
    server = await startWebServer({ service, token, rendererDir: rendererDir(), port });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new CliError(`--port: ${port} is already in use on 127.0.0.1; pick another or 0`);
    throw err;
  }
  io.stderr.write(`Runs: ${runsDir}\nSettings: ${settingsFile}\nOpen (Ctrl-C to stop):\n`);
  io.stdout.write(`${server.url}\n`);

  await new Promise<void>((done) => {
    const stop = io.onInterrupt(() => {
      stop();
      done();
    });
  });
  io.stderr.write('Stopping…\n');
  await service.close();
  await server.close();
  return 0;
}
