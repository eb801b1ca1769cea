import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { collectHostInfo, parseOsRelease } from '../../main/telemetry/host.js';
import type { CaptureCommand } from '../../main/telemetry/command-output.js';
import { APPLE_M2_PRO } from './support/apple-m2-pro.js';
import { emptyDir, fakeAmdCard } from './support/fake-tools.js';

describe('host fact parsers', () => {
  it('reads os-release', () => {
    expect(parseOsRelease('NAME="Debian GNU/Linux"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n')).toBe('Debian GNU/Linux 12 (bookworm)');
    expect(parseOsRelease('PRETTY_NAME=Alpine\n')).toBe('Alpine');
  });
});

describe('collectHostInfo', () => {
  it('on macOS asks sw_vers and system_profiler (injected here)', async () => {
    const asked: string[] = [];
    const run: CaptureCommand = async (file, args) => {
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
    const { drm } = fakeAmdCard({ product_name: 'AMD Radeon RX 7900 XTX\n', mem_info_vram_total: '25753026560\n' });
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
