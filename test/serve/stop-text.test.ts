import { describe, expect, it } from 'vitest';
import { StopTextFilter } from '../../main/serve/stop-text.js';

function run(stops: string[], pieces: string[]): { chunks: string[]; stoppedAt: number | null; rest: string } {
  const filter = new StopTextFilter(stops);
  const chunks: string[] = [];
  for (const [index, piece] of pieces.entries()) {
    const { emit, stopped } = filter.push(piece);
    if (emit !== '') chunks.push(emit);
    if (stopped) return { chunks, stoppedAt: index, rest: '' };
  }
  return { chunks, stoppedAt: null, rest: filter.flush() };
}

describe('StopTextFilter', () => {
  it('passes every piece through unchanged when there is no stop string', () => {
    expect(run([], ['a', ' b', '###'])).toEqual({ chunks: ['a', ' b', '###'], stoppedAt: null, rest: '' });
  });

  it('stops at a stop string split across pieces and never emits it', () => {
    const result = run(['### Human'], ['Hello', ' ##', '# Hu', 'man: more']);
    expect(result.chunks.join('')).toBe('Hello ');
    expect(result.stoppedAt).toBe(3);
  });

  it('releases held text once it can no longer start a stop string', () => {
    const result = run(['</end>'], ['a <', '/e', 'x', 'y']);
    expect(result.chunks).toEqual(['a ', '</ex', 'y']);
    expect(result.stoppedAt).toBeNull();
  });

  it('gives back held text at the end when the stop string never completed', () => {
    const result = run(['STOP'], ['go ST']);
    expect(result.chunks).toEqual(['go ']);
    expect(result.rest).toBe('ST');
  });

  it('cuts at the earliest of several stop strings', () => {
    const result = run(['bb', 'a'], ['xxbba']);
    expect(result.chunks).toEqual(['xx']);
    expect(result.stoppedAt).toBe(0);
  });
});
