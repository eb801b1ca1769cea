import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS } from '../../common/findings.js';
import { defaultSlo, describeSloError, formatSlo, parseSlo, type SloError } from '../../common/slo.js';

describe('parseSlo', () => {
  it.each([
    { text: 'ttft=2s,itl=100ms,e2e=30s', slo: { ttftMs: 2000, itlMs: 100, e2eMs: 30_000 } },
    { text: 'ttft=2s', slo: { ttftMs: 2000 } },
    { text: ' e2e = 1.5m , tps=20 ', slo: { e2eMs: 90_000, tokensPerSecond: 20 } },
    { text: 'TTFT=250ms', slo: { ttftMs: 250 } },
    { text: 'itl=.5s', slo: { itlMs: 500 } },
    { text: 'ttft=1.1s', slo: { ttftMs: 1100 } }, // not 1100.0000000000002
    { text: 'tps=12.5', slo: { tokensPerSecond: 12.5 } },
  ])('$text', ({ text, slo }) => {
    expect(parseSlo(text)).toEqual({ ok: true, slo });
  });

  it.each<{ text: string; error: SloError }>([
    { text: '', error: { kind: 'empty' } },
    { text: '  ', error: { kind: 'empty' } },
    { text: 'ttft', error: { kind: 'syntax', part: 'ttft' } },
    { text: 'ttft=2s,', error: { kind: 'syntax', part: '' } },
    { text: '=2s', error: { kind: 'syntax', part: '=2s' } },
    { text: 'tpot=20ms', error: { kind: 'unknown-objective', name: 'tpot' } },
    { text: 'ttft=2s,ttft=3s', error: { kind: 'duplicate', name: 'ttft' } },
    { text: 'ttft=2', error: { kind: 'bad-value', name: 'ttft', value: '2' } },
    { text: 'ttft=0s', error: { kind: 'bad-value', name: 'ttft', value: '0s' } },
    { text: 'ttft=-1s', error: { kind: 'bad-value', name: 'ttft', value: '-1s' } },
    { text: 'e2e=2h', error: { kind: 'bad-value', name: 'e2e', value: '2h' } },
    { text: 'tps=20/s', error: { kind: 'bad-value', name: 'tps', value: '20/s' } },
    { text: 'tps=0', error: { kind: 'bad-value', name: 'tps', value: '0' } },
  ])('rejects "$text" as $error.kind', ({ text, error }) => {
    expect(parseSlo(text)).toEqual({ ok: false, error });
  });

  it('says each error in one line naming the fix', () => {
    expect(describeSloError({ kind: 'bad-value', name: 'ttft', value: '2' })).toBe(
      '--slo: ttft=2 must be a positive duration with its unit: ms, s or m (e.g. 250ms, 2s)',
    );
    expect(describeSloError({ kind: 'unknown-objective', name: 'tpot' })).toBe('--slo: unknown objective "tpot" (objectives: ttft, itl, e2e, tps)');
    expect(describeSloError({ kind: 'bad-value', name: 'tps', value: 'x' })).toBe(
      '--slo: tps=x must be a positive number of tokens per second, e.g. tps=20',
    );
  });
});

describe('defaultSlo and formatSlo', () => {
  it('defaults to the verdict thresholds: TTFT ≤ 10 s and ≥ 20 tokens/s per request', () => {
    expect(defaultSlo(DEFAULT_THRESHOLDS)).toEqual({ ttftMs: 10_000, tokensPerSecond: 20 });
  });

  it('prints objectives in a fixed order, times in ms, and parses back', () => {
    const slo = { tokensPerSecond: 20, e2eMs: 30_000, ttftMs: 2000, itlMs: 100 };
    expect(formatSlo(slo)).toBe('ttft=2000ms,itl=100ms,e2e=30000ms,tps=20');
    expect(parseSlo(formatSlo(slo))).toEqual({ ok: true, slo });
    expect(formatSlo({})).toBe('');
  });
});
