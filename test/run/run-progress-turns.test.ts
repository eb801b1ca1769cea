// Progress with conversations (issue 14): a burst level of N conversations of K turns ends after N × K records.
import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../common/run-config.js';
import { RunProgress } from '../../main/run/run-progress.js';
import { okRecord } from '../store/support/records.js';

describe('RunProgress with --turns', () => {
  it('counts every turn toward the level total', () => {
    const progress = new RunProgress({ ...DEFAULTS, concurrency: [2], turns: 3 }, () => 0);
    progress.events.onPhase('level', 0, { concurrency: 2, mode: 'burst' });
    for (let i = 0; i < 4; i++) progress.events.onRecord(okRecord(2, i));
    expect(progress.snapshot()).toMatchObject({ done: 4, total: 6 });
    const single = new RunProgress({ ...DEFAULTS, concurrency: [2] }, () => 0);
    single.events.onPhase('level', 0, { concurrency: 2, mode: 'burst' });
    expect(single.snapshot().total).toBe(2);
  });
});
