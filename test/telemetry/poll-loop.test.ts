import { describe, expect, it } from 'vitest';
import { createPollLoop } from '../../main/telemetry/poll-loop.js';
import { waitFor } from './support/shared.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('createPollLoop', () => {
  it('never runs two ticks at once, skipping beats while one is slow', async () => {
    let running = 0;
    let most = 0;
    let ticks = 0;
    const loop = createPollLoop(10, async () => {
      running += 1;
      most = Math.max(most, running);
      ticks += 1;
      await sleep(45);
      running -= 1;
    });
    await Promise.all([loop.tickNow(), loop.tickNow()]);
    expect(ticks).toBe(1);
    loop.repeat();
    await sleep(200);
    await loop.stop();
    expect(most).toBe(1);
    // Ticks of 45 ms back to back fit at most five times in 250 ms, against some twenty beats of 10 ms.
    expect(ticks).toBeLessThanOrEqual(6);
  });

  it('stop() waits for the tick running, and nothing ticks afterwards', async () => {
    let ended = 0;
    let started = 0;
    const loop = createPollLoop(10, async () => {
      started += 1;
      await sleep(60);
      ended += 1;
    });
    loop.repeat();
    await sleep(25);
    await loop.stop();
    expect(ended).toBe(started);
    const count = started;
    await loop.tickNow();
    loop.repeat();
    await sleep(50);
    expect(started).toBe(count);
  });

  it('keeps ticking after a tick that throws', async () => {
    let ticks = 0;
    const loop = createPollLoop(10, async () => {
      ticks += 1;
      throw new Error('one bad reading');
    });
    await loop.tickNow();
    loop.repeat();
    await waitFor(() => ticks >= 3, 5000, 'three ticks');
    await loop.stop();
  });
});
