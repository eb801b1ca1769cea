// The app's API key (issue 14): kept by the OS keychain (a fake cipher here, Electron's safeStorage in the
// app), sent with every request of an app run, never in settings.json, never in the run folder, never
// back to the renderer.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiKeyStore, NO_KEYCHAIN, safeStorageCipher, type SecretCipher } from '../../main/app/api-key-store.js';
import { createAppService, type AppService } from '../../main/app/service.js';
import { filesUnder } from '../support/files-under.js';
import { startScriptedServer, type ScriptedServer } from '../support/scripted-server.js';
import { quickSettings, waitForEvent } from './app-fixtures.js';

const KEY = 'sk-app-7c1e9b2f4a60';

/** XOR with a fixed byte and a marker: not the key's bytes, and reversible — what a keychain is to the test. */
const fakeCipher: SecretCipher = {
  unavailableReason: () => null,
  encrypt: (text) => Buffer.concat([Buffer.from('enc:'), Buffer.from(text, 'utf8').map((b) => b ^ 0x5a)]),
  decrypt: (data) => Buffer.from(data.subarray(4).map((b) => b ^ 0x5a)).toString('utf8'),
};

let dir: string | null = null;
let server: ScriptedServer | null = null;
let service: AppService | null = null;
afterEach(async () => {
  await service?.close();
  service = null;
  await server?.close();
  server = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

describe('ApiKeyStore', () => {
  it('stores the key encrypted, gives it back, forgets it', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tokenbench-key-'));
    const store = new ApiKeyStore(join(dir, 'api-key'), fakeCipher);
    expect(await store.status()).toEqual({ stored: false, available: true, reason: null });
    expect(await store.set(KEY)).toEqual({ stored: true, available: true, reason: null });
    expect(readFileSync(join(dir, 'api-key'), 'utf8')).not.toContain(KEY);
    expect(await store.get()).toBe(KEY);
    expect(await store.set(null)).toEqual({ stored: false, available: true, reason: null });
    expect(await store.get()).toBeNull();
  });

  it('refuses to keep a key without a keychain, saying why', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tokenbench-key-'));
    const webMode = new ApiKeyStore(join(dir, 'api-key'), null);
    expect(await webMode.status()).toEqual({ stored: false, available: false, reason: NO_KEYCHAIN });
    await expect(webMode.set(KEY)).rejects.toThrow(`the API key cannot be kept: ${NO_KEYCHAIN}`);
    // Linux without a secret service: Electron would encrypt with a fixed password; that is no keychain.
    const basicText = safeStorageCipher(
      { isEncryptionAvailable: () => true, getSelectedStorageBackend: () => 'basic_text', encryptString: (t) => Buffer.from(t), decryptString: (b) => b.toString() },
      'linux',
    );
    expect(basicText.unavailableReason()).toBe('no secret service (GNOME Keyring, KWallet) is running: a key would be stored with a fixed password');
    const keychain = safeStorageCipher({ isEncryptionAvailable: () => true, encryptString: (t) => Buffer.from(t), decryptString: (b) => b.toString() }, 'darwin');
    expect(keychain.unavailableReason()).toBeNull();
  });
});

describe('an app run against a server behind an API key', () => {
  it('sends the stored key and the Setup headers; settings.json and the run folder never hold the key', async () => {
    server = await startScriptedServer({ apiKey: KEY, tokens: 4 });
    dir = mkdtempSync(join(tmpdir(), 'tokenbench-app-key-'));
    const settingsFile = join(dir, 'settings.json');
    service = createAppService({
      runsDir: join(dir, 'runs'),
      settingsFile,
      telemetry: 'none',
      saveReport: async () => null,
      apiKeys: new ApiKeyStore(join(dir, 'api-key'), fakeCipher),
    });
    await service.saveSettings({ ...quickSettings(server.url, [1, 2]), remote: { headers: ['X-Team: research-lab-7', ''], caFile: null, insecure: false } });
    // Without the key the status line says the server wants one.
    expect((await service.getStatus()).warning).toMatch(/answered HTTP 401 to GET \/api\/version: the server wants an API key/);
    expect(await service.setApiKey(KEY)).toEqual({ stored: true, available: true, reason: null });
    expect(await service.getApiKeyStatus()).toEqual({ stored: true, available: true, reason: null });
    expect((await service.getStatus()).reachable).toBe(true);

    const finished = waitForEvent(service.onRunEvent, (e) => e.type === 'finished');
    const { runId } = await service.startRun();
    expect(await finished.done).toMatchObject({ status: 'completed' });
    for (const entry of server.log) expect(entry.headers).toMatchObject({ authorization: `Bearer ${KEY}`, 'x-team': 'research-lab-7' });
    const detail = await service.getRun(runId);
    expect(detail.manifest.config.connection).toEqual({ headerNames: ['X-Team'], apiKey: true, insecure: false });
    expect(JSON.stringify(detail)).not.toContain(KEY);
    for (const file of [settingsFile, ...filesUnder(join(dir, 'runs'))]) expect(readFileSync(file, 'utf8').includes(KEY), file).toBe(false);
    expect(JSON.parse(readFileSync(settingsFile, 'utf8')).remote).toEqual({ headers: ['X-Team: research-lab-7', ''], caFile: null, insecure: false });
  });

  it('a bad header line in Setup stops the run with one line', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tokenbench-app-key-'));
    service = createAppService({ runsDir: join(dir, 'runs'), settingsFile: join(dir, 'settings.json'), telemetry: 'none', saveReport: async () => null });
    await expect(service.startRun({ ...quickSettings('http://127.0.0.1:9', [1]), remote: { headers: ['no colon here'], caFile: null, insecure: false } })).rejects.toThrow(
      "Headers: expected 'Name: value' (a header name, a colon, its value)",
    );
    expect(await service.getApiKeyStatus()).toEqual({ stored: false, available: false, reason: NO_KEYCHAIN });
  });
});
