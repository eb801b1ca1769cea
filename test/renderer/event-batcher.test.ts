// The live view's throttle: however fast events arrive, at most one batch per interval reaches React.
import { describe, expect, it } from 'vitest';
import { EventBatcher } from '../../renderer/live/event-batcher.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('EventBatcher', () => {
  it('hands 1,000 events pushed in one tick over as one batch, in order', async () => {
    const batches: number[][] = [];
    const batcher = new EventBatcher<number>(30, (b) => batches.push(b));
    for (let i = 0; i < 1000; i++) batcher.push(i);
    expect(batches).toEqual([]);
    await sleep(120);
    expect(batches).toHaveLength(1);
    expect(batches[0]).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });

  it('flushes at once on an urgent event, with what was queued before it', () => {
    const batches: string[][] = [];
    const batcher = new EventBatcher<string>(10_000, (b) => batches.push(b), (e) => e === 'finished');
    batcher.push('a');
    batcher.push('b');
    batcher.push('finished');
    expect(batches).toEqual([['a', 'b', 'finished']]);
    batcher.close();
  });

  it('after close, nothing queued or pushed is delivered', async () => {
    const batches: number[][] = [];
    const batcher = new EventBatcher<number>(20, (b) => batches.push(b));
    batcher.push(1);
    batcher.close();
    batcher.push(2);
    await sleep(80);
    expect(batches).toEqual([]);
  });
});
