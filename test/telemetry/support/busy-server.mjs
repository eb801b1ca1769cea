// A stand-in LLM server process for the process-sampler tests: it listens on 127.0.0.1 (port 0), prints
// {"port": N}, then obeys one command per stdin line and answers "ok <command> [detail]":
//   open N     open N more file descriptors
//   threads N  start N more worker threads (each parks on Atomics.wait)
//   spawn      start a child process (a "model runner"); answers with its PID
//   burn       start a worker that spins the CPU
// It exits when stdin closes, taking its child with it.
import { spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { createServer } from 'node:http';
import { createInterface } from 'node:readline';
import { Worker } from 'node:worker_threads';

const keep = [];
const children = [];
const parked = 'const { workerData } = require("node:worker_threads"); Atomics.wait(new Int32Array(workerData), 0, 0);';
const spinning = 'for (;;) {}';

const server = createServer((_req, res) => res.end('ok'));
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port, pid: process.pid })}\n`);
});

function startWorker(code) {
  return new Promise((resolve) => {
    const worker = new Worker(code, { eval: true, workerData: new SharedArrayBuffer(4) });
    worker.once('online', resolve);
    keep.push(worker);
  });
}

const rl = createInterface({ input: process.stdin });
rl.on('line', async (line) => {
  const [command, arg] = line.trim().split(/\s+/);
  const n = Number(arg ?? 0);
  if (command === 'open') {
    for (let i = 0; i < n; i++) keep.push(openSync('/dev/null', 'r'));
    process.stdout.write('ok open\n');
  } else if (command === 'threads') {
    await Promise.all(Array.from({ length: n }, () => startWorker(parked)));
    process.stdout.write('ok threads\n');
  } else if (command === 'spawn') {
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    children.push(child);
    process.stdout.write(`ok spawn ${child.pid}\n`);
  } else if (command === 'burn') {
    await startWorker(spinning);
    process.stdout.write('ok burn\n');
  }
});
rl.on('close', () => {
  for (const child of children) child.kill('SIGKILL');
  process.exit(0);
});
