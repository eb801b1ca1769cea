// A whole run against a server behind TLS and an API key (issue 14), played on loopback: the key and the
// header values reach every request and nowhere else — not one file of the run folder, not one report
// format, not the command's output — even when the server echoes the key in errors and answers.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunManifest } from '../../common/run-manifest.js';
import { cli } from '../support/cli-in-process.js';
import { filesUnder } from '../support/files-under.js';
import { makeCertificates, type TestCertificates } from '../support/tls-cert.js';
import { startScriptedServer, type ScriptedServer } from '../support/scripted-server.js';

const KEY = 'sk-live-4f9b2c7e1d0a';
const TEAM = 'research-lab-7';

let certs: TestCertificates;
let server: ScriptedServer | null = null;
let out: string;

beforeAll(() => {
  certs = makeCertificates(['localhost']);
});
afterAll(() => certs.dispose());
beforeEach(() => {
  out = mkdtempSync(join(tmpdir(), 'tokenbench-remote-'));
});
afterEach(async () => {
  await server?.close();
  server = null;
  delete process.env.TOKENBENCH_API_KEY;
  rmSync(out, { recursive: true, force: true });
});

describe('tokenbench run against an HTTPS server that wants an API key', () => {
  it('sends the key and headers with every request and writes them nowhere, redacting what the server echoes', async () => {
    server = await startScriptedServer({
      tls: { key: certs.key, cert: certs.cert },
      apiKey: KEY,
      tokens: 6,
      // A server that puts the key into an answer, an HTTP error body and an in-stream error.
      vocabulary: ['word ', `${KEY} `],
      faults: {
        2: { type: 'http', status: 500, body: JSON.stringify({ error: `upstream rejected token ${KEY} for ${TEAM}` }) },
        3: { type: 'error-line', afterTokens: 2, message: `quota exceeded for Bearer ${KEY}` },
      },
    });
    process.env.TOKENBENCH_API_KEY = KEY;
    const run = await cli([
      'run',
      '--url',
      server.url,
      '--ca',
      certs.caFile,
      '--header',
      `X-Team: ${TEAM}`,
      '--header',
      'X-Trace: on',
      '--concurrency',
      '1,2,4',
      '--out',
      out,
      '--telemetry',
      'process',
    ]);
    expect(run.stderr).not.toMatch(/internal error/);
    expect(run.code).toBe(0);
    for (const entry of server.log) {
      expect(entry.headers).toMatchObject({ authorization: `Bearer ${KEY}`, 'x-team': TEAM, 'x-trace': 'on' });
    }
    const [id] = readdirSync(out);
    const dir = join(out, id!);
    const manifest = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as RunManifest;
    expect(manifest.config.connection).toEqual({ headerNames: ['X-Team', 'X-Trace'], apiKey: true, caFile: certs.caFile, insecure: false });
    const requests = readFileSync(join(dir, 'requests.jsonl'), 'utf8');
    expect(requests).toContain('upstream rejected token [redacted] for [redacted]');
    // The whole header value goes first (longest secret first), so no "Bearer" is left either.
    expect(requests).toContain('quota exceeded for [redacted]');
    expect(requests).toContain('[redacted] ');

    const texts: Array<[string, string]> = filesUnder(dir).map((file) => [file, readFileSync(file, 'utf8')]);
    for (const format of ['html', 'md', 'json']) {
      const report = await cli(['report', dir, '--format', format]);
      expect(report.code).toBe(0);
      texts.push([`report ${format}`, report.stdout]);
    }
    for (const table of ['requests', 'levels', 'gpu', 'process']) {
      const report = await cli(['report', dir, '--format', 'csv', '--table', table]);
      expect(report.code).toBe(0);
      texts.push([`report csv ${table}`, report.stdout]);
    }
    texts.push(['run stdout', run.stdout], ['run stderr', run.stderr]);
    expect(texts.length).toBeGreaterThanOrEqual(12);
    for (const [where, text] of texts) {
      expect(text.includes(KEY), `${where} holds the API key`).toBe(false);
      expect(text.includes(TEAM), `${where} holds the X-Team value`).toBe(false);
    }
  });

  it('without the key: one line saying the server wants one, exit 2, nothing written', async () => {
    server = await startScriptedServer({ tls: { key: certs.key, cert: certs.cert }, apiKey: KEY });
    const run = await cli(['run', '--url', server.url, '--ca', certs.caFile, '--out', out, '--telemetry', 'none']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^tokenbench run: https:\/\/localhost:\d+ answered HTTP 401 to GET \/api\/version: the server wants an API key/);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(readdirSync(out)).toEqual([]);
  });

  it('a wrong key sent with --api-key is refused, and the refusal (which quotes it) is not printed', async () => {
    server = await startScriptedServer({ apiKey: KEY });
    const run = await cli(['run', '--url', server.url, '--api-key', 'sk-wrong-0000000000', '--out', out, '--telemetry', 'none']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/the server refused the credentials sent/);
    expect(run.stderr).not.toContain('sk-wrong-0000000000');
  });
});
