import { describe, expect, it } from 'vitest';
import { parseSizeText, parseSystemProfilerDisplays } from '../../../../main/telemetry/gpu/apple/system-profiler.js';
import { APPLE_M2_PRO } from '../../support/apple-m2-pro.js';

describe('system_profiler host facts', () => {
  it('reads the GPU model and core count (the Study profile\'s extra level) from system_profiler', () => {
    expect(parseSystemProfilerDisplays(APPLE_M2_PRO)).toEqual({ name: 'Apple M2 Pro', cores: 19 });
    const intel = JSON.stringify({ SPDisplaysDataType: [{ _name: 'AMD Radeon Pro 5500M', sppci_model: 'AMD Radeon Pro 5500M', spdisplays_vram: '8 GB' }] });
    expect(parseSystemProfilerDisplays(intel)).toEqual({ name: 'AMD Radeon Pro 5500M', vramBytes: 8 * 1024 ** 3 });
    expect(parseSystemProfilerDisplays('not json')).toBeNull();
    expect(parseSystemProfilerDisplays('{"SPDisplaysDataType":[]}')).toBeNull();
  });

  it('reads sizes', () => {
    expect(parseSizeText('1536 MB')).toBe(1536 * 1024 * 1024);
    expect(parseSizeText('lots')).toBeNull();
  });
});
