import { describe, expect, it } from 'vitest';
import { renderJson } from '../../main/report/json.js';
import { level, manifest, model } from './sample-run.js';

describe('renderJson', () => {
  const input = { manifest: manifest({ warnings: ['a "quoted" | note'] }), summary: { levels: [level(1), level(2, { ttftMs: null })] } };
  const text = renderJson(model({ manifest: input.manifest, levels: input.summary.levels }));

  it('wraps the manifest and levels under a format tag', () => {
    const parsed: unknown = JSON.parse(text);
    expect(parsed).toMatchObject({ format: 'tokenbench-report', version: 1, run: input.manifest, levels: input.summary.levels });
  });

  it('carries the verdict with the thresholds it was judged by, and the effective parallelism', () => {
    const built = model({ manifest: input.manifest, levels: input.summary.levels }, { maxWaitMs: 1234, minTokensPerSecond: 7 });
    const parsed = JSON.parse(renderJson(built)) as { verdict: { thresholds: unknown }; parallelism: unknown };
    expect(parsed.verdict).toEqual(JSON.parse(JSON.stringify(built.verdict)));
    expect(parsed.verdict.thresholds).toEqual({ maxWaitMs: 1234, minTokensPerSecond: 7 });
    expect(parsed.parallelism).toEqual(JSON.parse(JSON.stringify(built.parallelism)));
  });

  it('is pretty-printed with the format first and ends with a newline', () => {
    expect(text.startsWith('{\n  "format": "tokenbench-report",\n  "version": 1,\n  "run": {')).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('keeps missing stats as null', () => {
    const parsed = JSON.parse(text) as { levels: { ttftMs: unknown }[] };
    expect(parsed.levels[1].ttftMs).toBeNull();
  });
});
