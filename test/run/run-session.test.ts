import { describe, expect, it } from 'vitest';
import { withGpuCoreLevel } from '../../main/run/run-session.js';

describe('withGpuCoreLevel', () => {
  it('study: the GPU core count joins the levels in order, once', () => {
    expect(withGpuCoreLevel([1, 2, 4, 8, 16, 32], 19)).toEqual([1, 2, 4, 8, 16, 19, 32]);
    expect(withGpuCoreLevel([1, 2, 16], 16)).toEqual([1, 2, 16]);
    expect(withGpuCoreLevel([1, 2], undefined)).toEqual([1, 2]);
  });
});
