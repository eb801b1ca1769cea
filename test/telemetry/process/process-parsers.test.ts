import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { listeningInodes, parseStatHead } from '../../../main/telemetry/process/discover-linux.js';
import { parsePidLines, parsePsTable } from '../../../main/telemetry/process/discover-macos.js';
import { descendantsOf, isServerName, serversByName, topmost, type ProcessEntry } from '../../../main/telemetry/process/process-table.js';
import { parseProcStat } from '../../../main/telemetry/process/sample-linux.js';
import { countFdLines, countThreadLines, parsePsRows, parsePsTime } from '../../../main/telemetry/process/sample-macos.js';

describe('/proc parsing', () => {
  it('finds LISTEN sockets on a port in /proc/net/tcp and tcp6 lines', () => {
    const tcp = [
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 0100007F:2CAB 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4242 1 0 100 0 0 10 0',
      '   1: 0100007F:2CAB 0100007F:D3C2 01 00000000:00000000 00:00000000 00000000  1000        0 4343 1 0 20 4 30 10 -1',
      '   2: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 5555 1 0 100 0 0 10 0',
    ].join('\n');
    // 0x2CAB = 11435; the ESTABLISHED line (st 01) on the same port is not a listener.
    expect(listeningInodes(tcp, 11435)).toEqual([4242]);
    const tcp6 = [
      '  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 00000000000000000000000001000000:2CAB 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 777 1 0 100 0 0 10 0',
    ].join('\n');
    expect(listeningInodes(tcp6, 11435)).toEqual([777]);
  });

  it('reads this process\'s own /proc/self/stat, and names with spaces and parentheses', () => {
    if (process.platform === 'linux') {
      const self = parseProcStat(readFileSync('/proc/self/stat', 'utf8'));
      expect(self?.pid).toBe(process.pid);
      expect(self?.ppid).toBe(process.ppid);
      expect(self!.threads).toBeGreaterThan(1);
    }
    const line = '4242 (ollama (runner) x) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 17 0 123 2147483648 5000 18446744073709551615 0';
    expect(parseStatHead(line)).toEqual({ pid: 4242, ppid: 1, name: 'ollama (runner) x' });
    expect(parseProcStat(line)).toEqual({
      pid: 4242,
      name: 'ollama (runner) x',
      ppid: 1,
      utimeTicks: 250,
      stimeTicks: 50,
      threads: 17,
      vszBytes: 2147483648,
      rssPages: 5000,
    });
  });
});

describe('process table walks', () => {
  const table: ProcessEntry[] = [
    { pid: 1, ppid: 0, name: 'init' },
    { pid: 100, ppid: 1, name: 'ollama' },
    { pid: 101, ppid: 100, name: 'llama-server' },
    { pid: 102, ppid: 101, name: 'helper' },
    { pid: 103, ppid: 100, name: 'ollama_llama_se' },
    { pid: 200, ppid: 1, name: 'bash' },
  ];

  it('walks every descendant, grandchildren included', () => {
    expect(descendantsOf([100], table).sort()).toEqual([101, 102, 103]);
    expect(descendantsOf([200], table)).toEqual([]);
  });

  it('keeps the topmost of PIDs sharing a listening socket', () => {
    expect(topmost([101, 100], table)).toEqual([100]);
  });

  it('falls back to names, including Linux\'s 15-character cut, keeping only the topmost', () => {
    expect(isServerName('ollama_llama_se')).toBe(true);
    expect(isServerName('ollama_llama')).toBe(false);
    expect(isServerName('bash')).toBe(false);
    expect(serversByName(table)).toEqual([100]);
  });
});

describe('macOS command output', () => {
  it('parses ps time in its macOS and Linux shapes', () => {
    expect(parsePsTime('0:00.06')).toBe(60);
    expect(parsePsTime('12:34.56')).toBe(754_560);
    expect(parsePsTime('1:02:03.04')).toBe(3_723_040);
    expect(parsePsTime('2-01:02:03')).toBe(2 * 86_400_000 + 3_723_000);
    expect(parsePsTime('00:00:05')).toBe(5000);
    expect(parsePsTime('n/a')).toBeNull();
  });

  it('parses ps rows (KiB) with executable paths holding spaces', () => {
    const text = '  512   1  2400000 420000000   1:02.50 /Applications/Ollama.app/Contents/Resources/ollama\n' +
      '  600 512  9000 900000   0:00.10 /Applications/LM Studio.app/Contents/MacOS/LM Studio\n';
    expect(parsePsRows(text)).toEqual([
      { pid: 512, ppid: 1, rssBytes: 2400000 * 1024, vszBytes: 420000000 * 1024, cpuTimeMs: 62_500, name: 'ollama' },
      { pid: 600, ppid: 512, rssBytes: 9000 * 1024, vszBytes: 900000 * 1024, cpuTimeMs: 100, name: 'LM Studio' },
    ]);
    expect(parsePsTable('  512     1 /Applications/Ollama.app/Contents/Resources/ollama\n    1     0 /sbin/launchd\n')).toEqual([
      { pid: 512, ppid: 1, name: 'ollama' },
      { pid: 1, ppid: 0, name: 'launchd' },
    ]);
  });

  it('counts ps -M thread lines and lsof -F f descriptors (not cwd/txt)', () => {
    const psM = [
      'USER     PID   TT   %CPU STAT PRI     STIME     UTIME COMMAND',
      'me       512   ??    0.0 S    31T   0:00.01   0:00.02 /Applications/Ollama.app/Contents/Resources/ollama serve',
      '         512         0.0 S    31T   0:00.00   0:00.00',
      '         512         0.0 S    31T   0:00.00   0:00.00',
      '',
    ].join('\n');
    expect(countThreadLines(psM)).toBe(3);
    expect(countThreadLines('')).toBeNull();
    expect(countFdLines('p512\nfcwd\nftxt\nf0\nf1\nf2\nf17\n')).toBe(4);
    expect(parsePidLines('512\n\n513\n512\n')).toEqual([512, 513]);
  });
});
