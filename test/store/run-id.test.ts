import { describe, expect, it } from 'vitest';
import { RUN_ID_MAX_LENGTH } from '../../common/run-id.js';
import { isValidRunId, newRunId } from '../../main/store/run-id.js';

const at = new Date('2026-11-28T10:15:03.456Z');

describe('newRunId', () => {
  it('is the UTC start second and a slug of the model, without colons', () => {
    expect(newRunId(at, 'llama3.2:3b')).toBe('2026-11-28T10-15-03Z_llama3.2-3b');
    expect(newRunId(at, 'deepseek-r1:7b')).toBe('2026-11-28T10-15-03Z_deepseek-r1-7b');
  });

  it('turns every unsafe character into a single dash', () => {
    expect(newRunId(at, 'hf.co/bartowski/Qwen2.5-7B-GGUF:Q4_K_M')).toBe(
      '2026-11-28T10-15-03Z_hf.co-bartowski-Qwen2.5-7B-GGUF-Q4_K_M',
    );
    expect(newRunId(at, 'my model \\ <v2>?*|"')).toBe('2026-11-28T10-15-03Z_my-model-v2');
    expect(newRunId(at, 'café:latest')).toBe('2026-11-28T10-15-03Z_cafe-latest');
  });

  it('never starts or ends the slug with a dot or dash, and never leaves it empty', () => {
    expect(newRunId(at, '..hidden..')).toBe('2026-11-28T10-15-03Z_hidden');
    expect(newRunId(at, '日本語')).toBe('2026-11-28T10-15-03Z_model');
    expect(newRunId(at, '')).toBe('2026-11-28T10-15-03Z_model');
  });

  it('stays within 80 safe characters for any model name', () => {
    const names = ['a'.repeat(200), `${'x'.repeat(58)}:${'y'.repeat(40)}`, '/'.repeat(100), 'ok.'.repeat(40)];
    for (const name of names) {
      const id = newRunId(at, name);
      expect(id.length).toBeLessThanOrEqual(RUN_ID_MAX_LENGTH);
      expect(id).toMatch(/^[A-Za-z0-9._-]+$/);
      expect(id).not.toMatch(/[.-]$/);
      expect(isValidRunId(id)).toBe(true);
    }
  });

  it('sorts chronologically as text', () => {
    const earlier = newRunId(new Date('2026-01-02T03:04:05Z'), 'm');
    const later = newRunId(new Date('2026-11-28T00:00:00Z'), 'm');
    expect([later, earlier].sort()).toEqual([earlier, later]);
  });

  it('rejects an invalid date', () => {
    expect(() => newRunId(new Date('nope'), 'm')).toThrow(RangeError);
  });
});

describe('isValidRunId', () => {
  it('refuses path tricks', () => {
    for (const bad of ['', '.', '..', 'a/b', 'a\\b', 'a:b', 'x'.repeat(81)]) expect(isValidRunId(bad)).toBe(false);
  });
});
