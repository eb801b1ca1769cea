// The scripted server as a child process (benchmarks keep it off the client's event loop):
//   node dist/test/support/scripted-server-cli.js '{"slots":4,"tokens":2000}'
// Options are the JSON-able part of ScriptedServerOptions. Prints {"url": …} as one line once
// listening; exits on SIGTERM/SIGINT, or when the parent's IPC channel closes.
import { pathToFileURL } from 'node:url';
import { startScriptedServer, type ScriptedServer, type ScriptedServerOptions } from './scripted-server.js';

/** Options a JSON argument can carry (no functions). */
export function parseCliOptions(json: string | undefined): ScriptedServerOptions {
  if (json === undefined || json.trim() === '') return {};
  const parsed: unknown = JSON.parse(json);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error('options must be a JSON object');
  }
  const functions = ['fault', 'script', 'tokenText'].filter((k) => k in parsed);
  if (functions.length > 0) throw new Error(`options ${functions.join(', ')} are functions and cannot be passed as JSON`);
  return parsed as ScriptedServerOptions;
}

/** Starts the server from argv[2] and announces its url through `writeLine`. */
export async function main(argv: string[], writeLine: (line: string) => void): Promise<ScriptedServer> {
  const server = await startScriptedServer(parseCliOptions(argv[2]));
  writeLine(JSON.stringify({ url: server.url }));
  return server;
}

async function runAsProcess(): Promise<void> {
  let server: ScriptedServer;
  try {
    server = await main(process.argv, (line) => process.stdout.write(line + '\n'));
  } catch (err) {
    process.stderr.write(`scripted-server: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  }
  const stop = (): void => {
    void server.close().then(() => process.exit(0));
    // close() destroys every socket, so this only guards against a bug, not a slow client.
    setTimeout(() => process.exit(1), 2_000).unref();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  if (process.connected) process.once('disconnect', stop);
}

const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(entry).href) void runAsProcess();
