import { describe, expect, it } from 'vitest';
import { ollamaHostOrigin } from '../../main/run/ollama-host.js';

describe('ollamaHostOrigin reads OLLAMA_HOST the way Ollama does, loopback only', () => {
  it.each([
    [undefined, null],
    ['', null],
    ['   ', null],
    ['127.0.0.1:11500', 'http://127.0.0.1:11500'],
    ['http://127.0.0.1:11500', 'http://127.0.0.1:11500'],
    ['http://127.0.0.1:11500/some/path', 'http://127.0.0.1:11500'],
    ['0.0.0.0', 'http://127.0.0.1:11434'],
    ['0.0.0.0:8080', 'http://127.0.0.1:8080'],
    [':9000', 'http://127.0.0.1:9000'],
    ['localhost', 'http://127.0.0.1:11434'],
    ['LOCALHOST:1', 'http://127.0.0.1:1'],
    ['127.0.0.2:5555', 'http://127.0.0.2:5555'],
    ['[::1]:9000', 'http://[::1]:9000'],
    ['::1', 'http://[::1]:11434'],
    ['[::]:9000', 'http://127.0.0.1:9000'],
    ['::', 'http://127.0.0.1:11434'],
    // Ollama: a scheme without a port means that scheme's port.
    ['http://127.0.0.1', 'http://127.0.0.1:80'],
    // Ollama: a port that is not one falls back to the default.
    ['127.0.0.1:99999', 'http://127.0.0.1:11434'],
    ['127.0.0.1:abc', 'http://127.0.0.1:11434'],
    // Another machine, or https: not probed.
    ['192.168.1.5:11434', null],
    ['gpu-box.lan', null],
    ['https://127.0.0.1:11434', null],
  ])('%j → %j', (value, origin) => {
    expect(ollamaHostOrigin(value)).toBe(origin);
  });
});
