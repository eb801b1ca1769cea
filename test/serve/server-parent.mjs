// A parent process for test/serve/server-process.test.ts: starts the built-in engine in its own process,
// prints its PID and URL, then waits to be killed — or crashes, with `crash`.
const [, , serverProcessModule, gguf, mode] = process.argv;
const { forkServerChild, startServerProcess } = await import(serverProcessModule);
const server = await startServerProcess(forkServerChild, { gguf, port: 0, parallel: 1, queue: 1, threads: 1 });
process.stdout.write(`${JSON.stringify({ pid: server.pid, url: server.url })}\n`);
if (mode === 'crash') {
  setTimeout(() => {
    throw new Error('the parent crashed on purpose');
  }, 50);
} else {
  setInterval(() => undefined, 1_000);
}
