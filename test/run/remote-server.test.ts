// Servers that are not on this machine (issue 14), played by loopback servers: HTTPS with a private CA,
// a self-signed certificate or one for another name, and an API key. Preflight says what failed — the
// certificate, the key — never "start Ollama".
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PLAIN_CONNECTION, type ConnectionOptions } from '../../main/engine/connection-pool.js';
import { PreflightError } from '../../main/run/detect-server.js';
import { preflight } from '../../main/run/preflight.js';
import { makeCertificates, type TestCertificates } from '../support/tls-cert.js';
import { startScriptedServer, type ScriptedServer } from '../support/scripted-server.js';
import { serverStatus } from '../../main/run/server-status.js';

let certs: TestCertificates;
let server: ScriptedServer | null = null;

beforeAll(() => {
  certs = makeCertificates(['localhost']);
});
afterAll(() => certs.dispose());
afterEach(async () => {
  await server?.close();
  server = null;
});

async function problemOf(url: string, connection: ConnectionOptions = PLAIN_CONNECTION): Promise<string> {
  try {
    await preflight({ url, connection, timeoutMs: 5_000 });
  } catch (error) {
    expect(error).toBeInstanceOf(PreflightError);
    return (error as Error).message;
  }
  throw new Error('expected preflight to fail');
}

describe('TLS', () => {
  it('a certificate from an unknown CA: says so and how to fix it; --ca trusts it, --insecure skips the check', async () => {
    server = await startScriptedServer({ tls: { key: certs.key, cert: certs.cert } });
    expect(server.url).toMatch(/^https:\/\/localhost:\d+$/);
    const problem = await problemOf(server.url);
    expect(problem).toMatch(/^cannot connect to https:\/\/localhost:\d+: TLS: the server's certificate is not trusted \(issued by an unknown authority, UNABLE_TO_VERIFY_LEAF_SIGNATURE\); pass its CA certificate with --ca FILE, or --insecure/);
    expect(problem).not.toMatch(/ollama serve/i);
    const trusted = await preflight({ url: server.url, connection: { headers: {}, insecure: false, ca: certs.caCert } });
    expect(trusted.target).toMatchObject({ api: 'ollama', model: 'deepseek-r1:7b' });
    const insecure = await preflight({ url: server.url, connection: { headers: {}, insecure: true } });
    expect(insecure.origin).toBe(server.url);
  });

  it('a self-signed certificate is named as such', async () => {
    server = await startScriptedServer({ tls: { key: certs.selfSignedKey, cert: certs.selfSignedCert } });
    expect(await problemOf(server.url)).toMatch(/TLS: the server's certificate is not trusted \(self-signed, DEPTH_ZERO_SELF_SIGNED_CERT\)/);
  });

  it('a certificate for another name is a host-name mismatch, even with its CA trusted', async () => {
    const other = makeCertificates(['gpu-box.example']);
    try {
      server = await startScriptedServer({ tls: { key: other.key, cert: other.cert } });
      const problem = await problemOf(server.url, { headers: {}, insecure: false, ca: other.caCert });
      expect(problem).toMatch(/TLS: the server's certificate is for another host name \(ERR_TLS_CERT_ALTNAME_INVALID: Host: localhost\. is not in the cert's altnames: DNS:gpu-box\.example\)/);
    } finally {
      other.dispose();
    }
  });

  it('https:// to a plain HTTP server: the handshake failed, probably plain HTTP', async () => {
    // What a Go HTTP server (Ollama) answers to a TLS hello: a plain-text 400, which is no TLS record.
    const sockets = new Set<Socket>();
    const plain = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
    });
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = plain.address() as AddressInfo;
      expect(await problemOf(`https://127.0.0.1:${port}`)).toMatch(/TLS: the handshake failed \(ERR_SSL_WRONG_VERSION_NUMBER\); is the server speaking plain HTTP\? then use an http:\/\/ URL/);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => plain.close(resolve));
    }
  });
});

describe('API keys', () => {
  it('401 without a key: the server wants one; a wrong key: refused; the right one: detected', async () => {
    server = await startScriptedServer({ apiKey: 'sk-test-0123456789' });
    const missing = await problemOf(server.url);
    expect(missing).toBe(
      `${server.url} answered HTTP 401 to GET /api/version: the server wants an API key (--api-key KEY or TOKENBENCH_API_KEY) or the header it expects (--header)`,
    );
    // The app's status line names its own fields, never a flag.
    expect((await serverStatus(server.url)).warning).toBe(
      `${server.url} answered HTTP 401 to GET /api/version: the server wants an API key (Setup → API key) or the header it expects (Setup → Headers)`,
    );
    const wrong = await problemOf(server.url, { headers: { Authorization: 'Bearer sk-wrong-key-000' }, insecure: false });
    expect(wrong).toBe(`${server.url} answered HTTP 401 to GET /api/version: the server refused the credentials sent (check the API key and its permissions)`);
    expect(wrong).not.toContain('sk-wrong-key-000');
    const found = await preflight({ url: server.url, connection: { headers: { Authorization: 'Bearer sk-test-0123456789' }, insecure: false } });
    expect(found.target.model).toBe('deepseek-r1:7b');
    expect(server.metaHits.at(-1)?.headers?.authorization).toBe('Bearer sk-test-0123456789');
  });
});
