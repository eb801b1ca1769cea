import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectHostInfo, parseNvidiaHost, parseOsRelease, parseSizeText, parseSystemProfilerDisplays } from '../../main/telemetry/host.js';
import type { RunCommand } from '../../main/telemetry/command-output.js';
import { emptyDir } from './support/fake-tools.js';

// The shape system_profiler documents for Apple Silicon (no capture of it is in ../shared/fixtures).
const APPLE_M2_PRO = JSON.stringify({
  SPDisplaysDataType: [
    {
      _name: 'Apple M2 Pro',
      sppci_bus: 'spdisplays_builtin',
      sppci_cores: '19',
      sppci_device_type: 'spdisplays_gpu',
      sppci_model: 'Apple M2 Pro',
      spdisplays_mtlgpufamilysupport: 'spdisplays_metal3',
      spdisplays_vendor: 'sppci_vendor_Apple',
      spdisplays_ndrvs: [{ _name: 'Color LCD', spdisplays_main: 'spdisplays_yes' }],
    },
  ],
});

describe('host fact parsers', () => {
  it('reads the GPU model and core count (the Study profile\'s extra level) from system_profiler', () => {
    expect(parseSystemProfilerDisplays(APPLE_M2_PRO)).toEqual({ name: 'Apple M2 Pro', cores: 19 });
    const intel = JSON.stringify({ SPDisplaysDataType: [{ _name: 'AMD Radeon Pro 5500M', sppci_model: 'AMD Radeon Pro 5500M', spdisplays_vram: '8 GB' }] });
    expect(parseSystemProfilerDisplays(intel)).toEqual({ name: 'AMD Radeon Pro 5500M', vramBytes: 8 * 1024 ** 3 });
    expect(parseSystemProfilerDisplays('not json')).toBeNull();
    expect(parseSystemProfilerDisplays('{"SPDisplaysDataType":[]}')).toBeNull();
  });

  it('reads nvidia-smi name and VRAM, sizes and os-release', () => {
    expect(parseNvidiaHost('NVIDIA GeForce RTX 4090, 24564\n')).toEqual({ name: 'NVIDIA GeForce RTX 4090', vramBytes: 24564 * 1024 * 1024 });
    expect(parseNvidiaHost('Tesla T4, [N/A]\n')).toEqual({ name: 'Tesla T4' });
    expect(parseSizeText('1536 MB')).toBe(1536 * 1024 * 1024);
    expect(parseSizeText('lots')).toBeNull();
    expect(parseOsRelease('NAME="Debian GNU/Linux"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n')).toBe('Debian GNU/Linux 12 (bookworm)');
    expect(parseOsRelease('PRETTY_NAME=Alpine\n')).toBe('Alpine');
  });
});

describe('collectHostInfo', () => {
  it('on macOS asks sw_vers and system_profiler (injected here)', async () => {
    const asked: string[] = [];
    const run: RunCommand = async (file, args) => {
      asked.push([file, ...args].join(' '));
      if (file === 'sw_vers') return { code: 0, stdout: '14.2.1\n', stderr: '' };
      if (file === 'system_profiler') return { code: 0, stdout: APPLE_M2_PRO, stderr: '' };
      return { code: null, stdout: '', stderr: '', error: 'ENOENT' };
    };
    const host = await collectHostInfo({ platform: 'darwin', run, env: { PATH: emptyDir() } });
    expect(asked.sort()).toEqual(['sw_vers -productVersion', 'system_profiler SPDisplaysDataType -json']);
    expect(host.os).toBe('darwin');
    expect(host.osVersion).toBe(`macOS 14.2.1 (Darwin ${os.release()})`);
    expect(host.gpu).toEqual({ name: 'Apple M2 Pro', cores: 19 });
  });

  it('on this machine gives OS, CPU, RAM; an amdgpu card from sysfs', async () => {
    const drm = emptyDir();
    const device = path.join(drm, 'card0', 'device');
    mkdirSync(device, { recursive: true });
    writeFileSync(path.join(device, 'vendor'), '0x1002\n');
    writeFileSync(path.join(device, 'gpu_busy_percent'), '0\n');
    writeFileSync(path.join(device, 'product_name'), 'AMD Radeon RX 7900 XTX\n');
    writeFileSync(path.join(device, 'mem_info_vram_total'), '25753026560\n');
    const host = await collectHostInfo({ platform: 'linux', env: { PATH: emptyDir() }, drmRoot: drm });
    expect(host.os).toBe('linux');
    expect(host.cpuCores).toBe(os.cpus().length);
    expect(host.cpuModel).toBe(os.cpus()[0].model.trim());
    expect(host.ramBytes).toBe(os.totalmem());
    expect(host.arch).toBe(os.arch());
    expect(host.gpu).toEqual({ name: 'AMD Radeon RX 7900 XTX', vramBytes: 25753026560 });
    if (existsSync('/etc/os-release')) {
      expect(host.osVersion).toBe(`${parseOsRelease(readFileSync('/etc/os-release', 'utf8'))} (Linux ${os.release()})`);
    }
    const bare = await collectHostInfo({ platform: 'linux', env: { PATH: emptyDir() }, drmRoot: emptyDir() });
    expect(bare.gpu).toBeNull();
  });
});
