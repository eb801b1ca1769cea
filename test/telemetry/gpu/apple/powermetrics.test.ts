// The powermetrics path: the exact root command, and the run driven through an injected sudo-prompt
// exec — granted (it runs the command with a fake powermetrics that replays the M4 plist capture),
// refused, and failing.
import { exec, type ChildProcess } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  powermetricsCommand,
  sampleCount,
  UnsafeCommandError,
} from '../../../../main/telemetry/gpu/apple/powermetrics-command.js';
import { startTelemetry, type TelemetrySession } from '../../../../main/telemetry/session.js';
import type { GpuSample } from '../../../../common/telemetry.js';
import type { SudoExec } from '../../../../main/telemetry/gpu/apple/sudo-prompt.js';
import { emptyDir, nodeDir, pidsRunning } from '../../support/fake-tools.js';
import { fakeBin, fixture, waitFor } from '../../support/shared.js';

describe('the root command', () => {
  it('is this exact string: constant text, validated integers, the app-made folders', () => {
    const folders = { rootDir: '/tmp/tokenbench-pm-0123456789abcdef', userDir: '/var/folders/x1/T/tokenbench-stop-AbC123' };
    expect(powermetricsCommand(folders, 1000, 28_860)).toBe(
      "umask 022; mkdir -m 755 '/tmp/tokenbench-pm-0123456789abcdef' || exit 3; : > '/tmp/tokenbench-pm-0123456789abcdef/samples.plist'; " +
        "/usr/bin/powermetrics --samplers cpu_power,gpu_power -f plist -i 1000 -n 28860 -o '/tmp/tokenbench-pm-0123456789abcdef/samples.plist' >/dev/null & " +
        "pm=$!; while kill -0 $pm 2>/dev/null; do if [ -e '/var/folders/x1/T/tokenbench-stop-AbC123/stop' ]; then kill $pm; fi; sleep 1; done; " +
        "wait $pm; code=$?; if [ $code -eq 0 ] && [ ! -e '/var/folders/x1/T/tokenbench-stop-AbC123/stop' ]; then sleep 2; fi; rm -rf '/tmp/tokenbench-pm-0123456789abcdef'; " +
        "if [ -e '/var/folders/x1/T/tokenbench-stop-AbC123/stop' ]; then exit 0; fi; exit $code",
    );
  });

  it('bounds the sample count by the longest run plus a minute', () => {
    expect(sampleCount(1000, 8 * 3600_000)).toBe(28_860);
    expect(sampleCount(250, 1000)).toBe(244);
    expect(sampleCount(100, 1e12)).toBe(1_000_000);
  });

  it('refuses anything that could carry shell text or a bad number', () => {
    const rootDir = '/tmp/tokenbench-pm-0123456789abcdef';
    const userDir = '/tmp/tokenbench-stop-x';
    for (const dir of ['/tmp/a b', "/tmp/x'; rm -rf /; '", '/tmp/$(id)', 'relative/dir', '/tmp/../etc', '/tmp/a\nb']) {
      expect(() => powermetricsCommand({ rootDir, userDir: dir }, 1000, 10)).toThrow(UnsafeCommandError);
      expect(() => powermetricsCommand({ rootDir: dir, userDir }, 1000, 10)).toThrow(UnsafeCommandError);
    }
    // Root only ever makes a folder of its own fixed name shape.
    for (const dir of ['/etc', '/tmp/tokenbench-pm-XYZ', '/tmp/tokenbench-pm-0123456789abcdef/../../etc']) {
      expect(() => powermetricsCommand({ rootDir: dir, userDir }, 1000, 10)).toThrow(UnsafeCommandError);
    }
    for (const interval of [99, 60_001, 1.5, Number.NaN]) expect(() => powermetricsCommand({ rootDir, userDir }, interval, 10)).toThrow(UnsafeCommandError);
    for (const n of [0, -1, 2.5, 1_000_001]) expect(() => powermetricsCommand({ rootDir, userDir }, 1000, n)).toThrow(UnsafeCommandError);
  });
});

const posix = process.platform !== 'win32';
const fakePowermetrics = path.join(fakeBin, 'powermetrics', 'powermetrics');

describe.skipIf(!posix)('powermetrics through an injected sudo-prompt exec', () => {
  let session: TelemetrySession | undefined;
  const running: ChildProcess[] = [];
  afterEach(async () => {
    await session?.stop();
    session = undefined;
    for (const child of running.splice(0)) child.kill('SIGKILL');
  });

  /** Plays sudo-prompt: runs the command in sh (as this user; the fake stands in for /usr/bin/powermetrics). */
  function grantingExec(env: Record<string, string>, seen: string[]): SudoExec {
    return (command, options, callback) => {
      seen.push(command);
      expect(options.name).toBe('Tokenbench');
      const child = exec(
        command.replace('/usr/bin/powermetrics', fakePowermetrics),
        { env: { PATH: `${nodeDir}:/usr/bin:/bin`, FAKE_POWERMETRICS_PLIST: fixture('powermetrics-plist-m4.plist'), ...env } },
        (error, stdout, stderr) => {
          // sudo-prompt's own failure shape: "Command failed: <command>\n<stderr>".
          callback(error ? Object.assign(new Error(`Command failed: ${command}\n${stderr}`), { code: error.code }) : undefined, stdout, stderr);
        },
      );
      running.push(child);
    };
  }

  const start = (sudoExec: SudoExec, tmpRoot: string, samples: GpuSample[]) =>
    startTelemetry(
      {
        mode: 'gpu',
        targetUrl: 'http://127.0.0.1:11434',
        intervalMs: 200,
        platform: 'darwin',
        env: { PATH: emptyDir() },
        sudoExec,
        maxDurationMs: 60_000,
        sink: (stream, s) => {
          if (stream === 'gpu') samples.push(s as unknown as GpuSample);
        },
      },
      { extraDirs: [], powermetrics: { rootTmp: tmpRoot, userTmp: tmpRoot, pollMs: 50, promptTimeoutMs: 10_000 } },
    );

  it('granted: runs the exact command once, tails the plist samples, and stops powermetrics at the end', async () => {
    const tmpRoot = emptyDir();
    const seen: string[] = [];
    const samples: GpuSample[] = [];
    session = await start(grantingExec({}, seen), tmpRoot, samples);
    expect(seen).toHaveLength(1);
    const rootDir = /mkdir -m 755 '([^']+)'/.exec(seen[0])![1];
    const userDir = /-e '([^']+)\/stop'/.exec(seen[0])![1];
    expect(path.dirname(rootDir)).toBe(tmpRoot);
    expect(path.dirname(userDir)).toBe(tmpRoot);
    expect(seen[0]).toBe(powermetricsCommand({ rootDir, userDir }, 200, sampleCount(200, 60_000)));
    // The app's folder is private; the samples folder is the one the root command made.
    expect(statSync(userDir).mode & 0o777).toBe(0o700);
    expect(statSync(rootDir).mode & 0o777).toBe(0o755);
    expect(session.status.gpu).toEqual({ available: true, source: 'powermetrics' });

    await waitFor(() => samples.length >= 3, 10_000, '3 powermetrics samples');
    expect(samples[0]).toMatchObject({
      source: 'powermetrics',
      gpuFreqMHz: 338,
      gpuPowerW: expect.closeTo(0.269614, 9),
      cpuPowerW: expect.closeTo(2.97845, 9),
      anePowerW: 0,
      combinedPowerW: expect.closeTo(3.24807, 9),
      intervalMs: expect.closeTo(1023.685416, 9),
    });
    expect(samples[0].gpuUsagePct).toBeCloseTo(12.2657, 6);
    expect(Math.abs(samples[0].t - Date.now())).toBeLessThan(5000);

    const energy = session.energy({ startedAt: samples[0].t, endedAt: samples[2].t }, 10)!;
    // Constant power in the replay: 0.269614 W GPU, 2.97845 W CPU, 3.24807 W combined.
    expect(energy.watts).toBeCloseTo(0.269614, 9);
    expect(energy.cpuJoules! / energy.joules).toBeCloseTo(2.97845 / 0.269614, 6);
    expect(energy.combinedJoulesPerToken).toBeCloseTo(energy.combinedJoules! / 10, 12);

    expect(pidsRunning(rootDir).length).toBeGreaterThan(0);
    await session.stop();
    // The root loop saw the stop file within its one-second poll and ended powermetrics; both folders are gone.
    expect(pidsRunning(rootDir)).toEqual([]);
    expect(readdirSync(tmpRoot)).toEqual([]);
  });

  it('powermetrics ending at its -n bound leaves the reason, and a torn last document is skipped', async () => {
    const samples: GpuSample[] = [];
    // The fake ends after 3 writes, the last one torn, as if -n were 3.
    const sudo = grantingExec({ FAKE_POWERMETRICS_LIMIT: '3', FAKE_POWERMETRICS_TORN: '1' }, []);
    const tmpRoot = emptyDir();
    session = await start(sudo, tmpRoot, samples);
    await waitFor(() => session!.status.gpu.reason?.includes('ended'), 10_000, 'powermetrics to end');
    expect(samples).toHaveLength(2);
    expect(session.status.gpu).toEqual({ available: true, source: 'powermetrics', reason: 'powermetrics ended after 2 samples (its -n bound)' });
    expect(readdirSync(tmpRoot)).toEqual([]);
  });

  it('refused: the run goes on without GPU data and the reason is recorded', async () => {
    const tmpRoot = emptyDir();
    const refuse: SudoExec = (_command, _options, callback) => {
      setTimeout(() => callback(new Error('User did not grant permission.')), 20);
    };
    session = await start(refuse, tmpRoot, []);
    expect(session.status.gpu).toEqual({
      available: false,
      source: 'powermetrics',
      reason: 'administrator password refused (User did not grant permission.): no GPU data this run',
    });
    expect(session.energy({ startedAt: 0, endedAt: Date.now() }, 1)).toBeNull();
    expect(readdirSync(tmpRoot)).toEqual([]);
  });

  it('failing: powermetrics\' own complaint becomes the reason', async () => {
    const tmpRoot = emptyDir();
    session = await start(grantingExec({ FAKE_POWERMETRICS_FAIL: 'powermetrics must be invoked as the superuser' }, []), tmpRoot, []);
    expect(session.status.gpu).toEqual({
      available: false,
      source: 'powermetrics',
      reason: 'powermetrics failed: powermetrics must be invoked as the superuser',
    });
    expect(readdirSync(tmpRoot)).toEqual([]);
  });

  it('failing: an exec that throws (sudo-prompt rejects its arguments) is a reason too', async () => {
    const throwing: SudoExec = () => {
      throw new Error('Command should not be prefixed with "sudo".');
    };
    session = await start(throwing, emptyDir(), []);
    expect(session.status.gpu.available).toBe(false);
    expect(session.status.gpu.reason).toBe('powermetrics failed: Command should not be prefixed with "sudo".');
  });
});
