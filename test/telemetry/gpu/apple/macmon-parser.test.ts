// No real capture of macmon is in test/fixtures; this input follows the format its project
// documents (macmon's README "Output" sample).
import { describe, expect, it } from 'vitest';
import { parseMacmonLine } from '../../../../main/telemetry/gpu/apple/macmon-parser.js';

describe('parseMacmonLine', () => {
  const line =
    '{"timestamp":"2025-02-24T20:38:15.427569+00:00","temp":{"cpu_temp_avg":43.73614,"gpu_temp_avg":36.95167},' +
    '"memory":{"ram_total":25769803776,"ram_usage":20985479168,"swap_total":4294967296,"swap_usage":2602434560},' +
    '"ecpu_usage":[1181,0.082656614],"pcpu_usage":[1974,0.015181795],"gpu_usage":[461,0.021497859],' +
    '"cpu_power":0.20486385,"gpu_power":0.017451683,"ane_power":0.0,"all_power":0.22231553,"sys_power":5.876533,' +
    '"ram_power":0.11635789,"gpu_ram_power":0.0009615385}';

  it('reads watts, [MHz, ratio] usage and the microsecond ISO timestamp', () => {
    expect(parseMacmonLine(line)).toEqual({
      t: Date.UTC(2025, 1, 24, 20, 38, 15, 427),
      gpuFreqMHz: 461,
      gpuUsagePct: 2.1497859,
      gpuPowerW: 0.017451683,
      cpuPowerW: 0.20486385,
      anePowerW: 0,
      combinedPowerW: 0.22231553,
      systemPowerW: 5.876533,
      gpuTempC: 36.95167,
    });
  });

  it('ignores lines that are not samples', () => {
    expect(parseMacmonLine('')).toBeNull();
    expect(parseMacmonLine('Error: no IOReport')).toBeNull();
    expect(parseMacmonLine('{"timestamp":"x"}')).toBeNull();
    expect(parseMacmonLine('{"gpu_power": 1.5')).toBeNull();
  });
});
