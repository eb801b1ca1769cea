// What the server reveals of its settings (issue 14): llama-server's /props, Ollama's /api/ps, and the
// scheduling variables of a local server's environment — the parallelism a report sets its measured
// effective parallelism against.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { probeServerSettings } from '../../main/run/server-settings.js';
import { readServerEnvironment, schedulingVariables } from '../../main/telemetry/process/server-environment.js';
import { startScriptedServer, type ScriptedServer } from '../support/scripted-server.js';

let server: ScriptedServer | null = null;
let child: ChildProcess | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
  child?.kill();
  child = null;
});

const noEnvironment = async () => ({ reason: 'not asked in this test' });

describe('probeServerSettings', () => {
  it('llama-server: slots and context per slot from /props', async () => {
    server = await startScriptedServer({ apis: ['openai'], models: ['m'], props: { total_slots: 4, default_generation_settings: { n_ctx: 8192 }, build_info: 'b6676' } });
    const settings = await probeServerSettings({ origin: server.url, api: 'openai', model: 'm', headers: {}, environment: noEnvironment });
    expect(settings).toEqual({
      parallel: { value: 4, source: 'GET /props total_slots (llama.cpp slots)' },
      contextSize: { value: 8192, source: 'GET /props n_ctx (per slot)' },
      notes: ['server environment: not asked in this test'],
    });
  });

  it("Ollama: the loaded model's context and memory from /api/ps, the parallelism from OLLAMA_NUM_PARALLEL", async () => {
    server = await startScriptedServer();
    const settings = await probeServerSettings({
      origin: server.url,
      api: 'ollama',
      model: 'deepseek-r1:7b',
      headers: {},
      environment: async () => ({ variables: { OLLAMA_NUM_PARALLEL: '2', OLLAMA_MAX_QUEUE: '64' }, pid: 4242 }),
    });
    expect(settings).toEqual({
      parallel: { value: 2, source: 'OLLAMA_NUM_PARALLEL (server process 4242 environment)' },
      contextSize: { value: 4096, source: 'Ollama /api/ps context_length' },
      vramBytes: { value: 4_683_087_332, source: 'Ollama /api/ps size_vram' },
      modelBytes: { value: 4_683_087_332, source: 'Ollama /api/ps size' },
      environment: { OLLAMA_NUM_PARALLEL: '2', OLLAMA_MAX_QUEUE: '64' },
      notes: [],
    });
  });

  it('says what it could not learn: no slots reported, OLLAMA_NUM_PARALLEL unset, a model not loaded', async () => {
    server = await startScriptedServer({ loaded: [] });
    const settings = await probeServerSettings({ origin: server.url, api: 'ollama', model: 'deepseek-r1:7b', headers: {}, environment: async () => ({ variables: {}, pid: 7 }) });
    expect(settings).toEqual({
      notes: [
        'Ollama /api/ps does not list deepseek-r1:7b as loaded (it loads with the warm-up)',
        'OLLAMA_NUM_PARALLEL is not set in the server environment: Ollama chooses the parallelism itself (by memory)',
        'the server does not say how many requests it decodes at once',
      ],
    });
  });
});

describe('the server process environment', () => {
  it('keeps the scheduling variables and nothing else', () => {
    expect(schedulingVariables('PATH=/bin\0OLLAMA_NUM_PARALLEL=4\0OPENAI_API_KEY=sk-x\0LLAMA_ARG_CTX_SIZE=8192\0=odd\0NOEQUALS\0')).toEqual({
      OLLAMA_NUM_PARALLEL: '4',
      LLAMA_ARG_CTX_SIZE: '8192',
    });
  });

  it('is not read for a remote server, nor on macOS (and says why)', async () => {
    expect(await readServerEnvironment('http://10.0.0.5:11434', 'linux')).toEqual({
      reason: 'the target (10.0.0.5) is not on this machine: its environment is not readable from here',
    });
    expect(await readServerEnvironment('http://127.0.0.1:11434', 'darwin')).toEqual({
      reason: "macOS does not let one process read another's environment reliably (ps -E shows it only for some of your own processes); not read",
    });
  });

  it.runIf(process.platform === 'linux')("Linux: read from /proc/PID/environ of the process listening on the target's port", async () => {
    const script = "const s=require('http').createServer(()=>{});s.listen(0,'127.0.0.1',()=>console.log(s.address().port));";
    child = spawn(process.execPath, ['-e', script], { env: { PATH: process.env.PATH, OLLAMA_NUM_PARALLEL: '3', SECRET_TOKEN: 'do-not-read' }, stdio: ['ignore', 'pipe', 'inherit'] });
    const port = await new Promise<number>((resolve) => child!.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))));
    const reading = await readServerEnvironment(`http://127.0.0.1:${port}`, 'linux');
    expect(reading).toEqual({ variables: { OLLAMA_NUM_PARALLEL: '3' }, pid: child.pid });
  });
});
