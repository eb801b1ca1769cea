import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEFAULTS } from '../../common/run-config.js';
import { rendererDir } from '../app/renderer-dir.js';
import { createAppService } from '../app/service.js';
import { SingleUseDownloads } from '../app/web-downloads.js';
import { forkServerChild } from '../serve/server-process.js';
import { newWebToken, startWebServer, webReportSaver } from '../app/web-server.js';
import type { Outcome } from './command.js';
import type { CommandArgs } from './command-line.js';
import type { UI_OPTIONS } from './commands/ui.js';
import { CliError } from './errors.js';
import { parseIntegerInRange } from './flag-values.js';
import { nextInterrupt, type CliIo } from './io.js';

/** `tokenbench ui`: the app service and the renderer over HTTP on 127.0.0.1, behind a token, until Ctrl-C. */
export async function serveUi({ values }: CommandArgs<typeof UI_OPTIONS>, io: CliIo): Promise<Outcome> {
  const port = values.port === undefined ? 0 : parseIntegerInRange('--port', values.port, 0, 65_535);
  const runsDir = resolve(values.runs ?? DEFAULTS.outDir);
  const settingsFile = resolve(values.settings ?? join(homedir(), '.config', 'tokenbench', 'settings.json'));

  const token = newWebToken();
  const downloads = new SingleUseDownloads();
  const service = createAppService({
    runsDir,
    settingsFile,
    saveReport: webReportSaver(downloads),
    onWarning: (line) => io.stderr.write(`${line}\n`),
    spawnServer: forkServerChild,
  });
  let server;
  try {
    server = await startWebServer({ service, token, downloads, rendererDir: rendererDir(), port });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new CliError(`--port: ${port} is already in use on 127.0.0.1; pick another or 0`);
    throw err;
  }
  io.stderr.write(`Runs: ${runsDir}\nSettings: ${settingsFile}\nOpen (Ctrl-C to stop):\n`);
  io.stdout.write(`${server.url}\n`);

  const interrupt = nextInterrupt(io);
  await interrupt.promise;
  interrupt.dispose();
  io.stderr.write('Stopping…\n');
  await service.close();
  await server.close();
  return 'ok';
}
