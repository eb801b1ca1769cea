// The app's API key (issue 14), kept encrypted by the OS keychain (Electron's safeStorage: Keychain on
// macOS, DPAPI on Windows, the Secret Service on Linux) in one file of the user-data folder — never in
// settings.json, never sent back to the renderer. Where the keychain is not there (web mode, Linux
// without a secret service, where safeStorage would fall back to a fixed password) the key is refused.
import { mkdirSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileAtomic } from '../store/atomic-file.js';
import type { ApiKeyStatus } from '../../common/api.js';

/** The encryption the edge provides: Electron's safeStorage in the app, a fake in tests. */
export interface SecretCipher {
  /** null when encryption is available; else why not, in one line. */
  unavailableReason(): string | null;
  encrypt(text: string): Buffer;
  decrypt(data: Buffer): string;
}

/** Why web mode (no Electron, no keychain) keeps no key. */
export const NO_KEYCHAIN = 'no OS keychain here (web mode): set TOKENBENCH_API_KEY for the CLI instead';

/** What of Electron's safeStorage the store uses. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  /** Linux only: 'basic_text' means a fixed password, not a keychain. */
  getSelectedStorageBackend?(): string;
  encryptString(text: string): Buffer;
  decryptString(data: Buffer): string;
}

/** Electron's safeStorage as a SecretCipher; Linux's fixed-password fallback does not count as a keychain. */
export function safeStorageCipher(storage: SafeStorageLike, platform: NodeJS.Platform): SecretCipher {
  return {
    unavailableReason() {
      if (!storage.isEncryptionAvailable()) return 'the OS keychain is not available';
      if (platform === 'linux' && storage.getSelectedStorageBackend?.() === 'basic_text') {
        return 'no secret service (GNOME Keyring, KWallet) is running: a key would be stored with a fixed password';
      }
      return null;
    },
    encrypt: (text) => storage.encryptString(text),
    decrypt: (data) => storage.decryptString(data),
  };
}

export class ApiKeyStore {
  constructor(
    private readonly file: string,
    private readonly cipher: SecretCipher | null,
  ) {}

  private reason(): string | null {
    if (this.cipher === null) return NO_KEYCHAIN;
    return this.cipher.unavailableReason();
  }

  async status(): Promise<ApiKeyStatus> {
    const reason = this.reason();
    return { stored: reason === null && (await this.read()) !== null, available: reason === null, reason };
  }

  /** The key, decrypted; null when none is stored or it cannot be read. */
  async get(): Promise<string | null> {
    if (this.reason() !== null) return null;
    const data = await this.read();
    if (data === null) return null;
    try {
      return this.cipher?.decrypt(data) ?? null;
    } catch {
      return null;
    }
  }

  /** Stores (or, with null, forgets) the key. Throws with the reason when the keychain is not there. */
  async set(key: string | null): Promise<ApiKeyStatus> {
    if (key === null) {
      await rm(this.file, { force: true });
      return this.status();
    }
    const reason = this.reason();
    if (reason !== null || this.cipher === null) throw new Error(`the API key cannot be kept: ${reason ?? 'no keychain'}`);
    mkdirSync(dirname(this.file), { recursive: true });
    // Base64 of what the keychain encrypted: the file is text like every other the app writes.
    writeFileAtomic(this.file, this.cipher.encrypt(key).toString('base64'));
    return this.status();
  }

  private async read(): Promise<Buffer | null> {
    try {
      return Buffer.from(await readFile(this.file, 'utf8'), 'base64');
    } catch {
      return null;
    }
  }
}
