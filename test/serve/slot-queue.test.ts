import { describe, expect, it } from 'vitest';
import { QueueFullError, SERVER_BUSY_MESSAGE, ServerClosingError } from '../../main/serve/errors.js';
import { SlotQueue } from '../../main/serve/slot-queue.js';

/** Settles within the current turn? Used to show that a waiter is still waiting. */
async function isPending(promise: Promise<unknown>): Promise<boolean> {
  const marker = Symbol('pending');
  const result = await Promise.race([promise.then(() => 'settled', () => 'settled'), new Promise((r) => setImmediate(() => r(marker)))]);
  return result === marker;
}

describe('SlotQueue', () => {
  it('hands out every slot at once, then queues, then refuses with Ollama’s busy message', async () => {
    const queue = new SlotQueue(['a', 'b'], 1);
    const first = await queue.acquire();
    const second = await queue.acquire();
    expect(new Set([first.slot, second.slot])).toEqual(new Set(['a', 'b']));
    const waiting = queue.acquire();
    expect(await isPending(waiting)).toBe(true);
    expect(queue.stats()).toEqual({ slots: 2, busy: 2, queued: 1, maxQueue: 1 });
    const refused = queue.acquire();
    await expect(refused).rejects.toBeInstanceOf(QueueFullError);
    await expect(refused).rejects.toThrow(SERVER_BUSY_MESSAGE);
    first.release();
    expect((await waiting).slot).toBe(first.slot);
  });

  it('gives the free slot `prefer` scores highest (ties: the most recently freed), and waiters whatever frees first', async () => {
    const queue = new SlotQueue(['a', 'b', 'c'], 1);
    const held = { a: 0, b: 5, c: 2 } as Record<string, number>;
    const best = await queue.acquire(undefined, (slot) => held[slot]);
    expect(best.slot).toBe('b');
    // Without a preference: the most recently freed, as before.
    const plain = await queue.acquire();
    expect(plain.slot).toBe('c');
    const last = await queue.acquire(undefined, (slot) => held[slot]);
    expect(last.slot).toBe('a');
    const waiting = queue.acquire(undefined, (slot) => (slot === 'b' ? 9 : 0));
    plain.release();
    expect((await waiting).slot).toBe('c');
  });

  it('serves waiters in arrival order and a released slot goes to the oldest', async () => {
    const queue = new SlotQueue([1], 3);
    const running = await queue.acquire();
    const order: string[] = [];
    const waiters = ['x', 'y', 'z'].map((name) =>
      queue.acquire().then((lease) => {
        order.push(name);
        lease.release();
      }),
    );
    running.release();
    await Promise.all(waiters);
    expect(order).toEqual(['x', 'y', 'z']);
    expect(queue.stats().busy).toBe(0);
  });

  it('a waiter whose signal aborts leaves the line and never takes a slot', async () => {
    const queue = new SlotQueue(['only'], 2);
    const running = await queue.acquire();
    const leaving = new AbortController();
    const left = queue.acquire(leaving.signal);
    const staying = queue.acquire();
    leaving.abort(new Error('client left'));
    await expect(left).rejects.toThrow('client left');
    expect(queue.stats().queued).toBe(1);
    running.release();
    expect((await staying).slot).toBe('only');
  });

  it('an already aborted signal is refused without queueing', async () => {
    const queue = new SlotQueue(['s'], 1);
    const gone = new AbortController();
    gone.abort(new Error('gone'));
    await expect(queue.acquire(gone.signal)).rejects.toThrow('gone');
    expect(queue.stats()).toMatchObject({ busy: 0, queued: 0 });
  });

  it('releasing twice frees the slot once', async () => {
    const queue = new SlotQueue(['s'], 1);
    const lease = await queue.acquire();
    const next = queue.acquire();
    lease.release();
    const second = await next;
    lease.release();
    expect(queue.stats()).toMatchObject({ busy: 1, queued: 0 });
    second.release();
    expect(queue.stats()).toMatchObject({ busy: 0 });
  });

  it('a queue of 0 refuses as soon as every slot is busy', async () => {
    const queue = new SlotQueue(['s'], 0);
    await queue.acquire();
    await expect(queue.acquire()).rejects.toBeInstanceOf(QueueFullError);
  });

  it('close rejects the waiters and refuses new requests', async () => {
    const queue = new SlotQueue(['s'], 4);
    await queue.acquire();
    const waiting = queue.acquire();
    queue.close();
    await expect(waiting).rejects.toBeInstanceOf(ServerClosingError);
    await expect(queue.acquire()).rejects.toBeInstanceOf(ServerClosingError);
  });
});
