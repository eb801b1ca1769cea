// No real capture of rocm-smi is in test/fixtures; this input follows the --json key names its
// project documents.
import { describe, expect, it } from 'vitest';
import { parseRocmSmiJson } from '../../../../main/telemetry/gpu/amd/rocm-smi-parser.js';

describe('parseRocmSmiJson', () => {
  it('reads each card by key pattern, old and new power key names', () => {
    const json = JSON.stringify({
      card1: {
        'GPU use (%)': '87',
        'Current Socket Graphics Package Power (W)': '212.0',
        'Temperature (Sensor edge) (C)': '61.0',
        'sclk clock speed:': '(2304Mhz)',
        'VRAM Total Used Memory (B)': '17179869184',
      },
      card0: { 'GPU use (%)': '0', 'Average Graphics Package Power (W)': '35.0', 'Temperature (Sensor junction) (C)': '40.0' },
      system: { 'Driver version': '6.8.0' },
    });
    expect(parseRocmSmiJson(json)).toEqual([
      { index: 0, usagePct: 0, powerW: 35, sclkMHz: null, vramUsedBytes: null, tempC: 40 },
      { index: 1, usagePct: 87, powerW: 212, sclkMHz: 2304, vramUsedBytes: 17179869184, tempC: 61 },
    ]);
  });
});
