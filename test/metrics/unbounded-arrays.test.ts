// Spreading an array into a call (`Math.max(...x)`, `push(...x)`) throws RangeError past roughly 100k
// elements; request-sized arrays grow past that in a long sustained run. main/ outside main/report/ must
// use loops instead (main/report/ is checked by its own owner).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { effectiveParallelism } from '../../main/metrics/parallelism.js';
import type { RequestRecord } from '../../common/results.js';
import { level } from '../report/sample-run.js';
import { okRecord } from '../store/support/records.js';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');

/** A call whose argument list spreads something: `f(...x)`, `f(a, ...x)`. */
const SPREAD_CALL = /\b(?:Math\.(?:min|max)|push|unshift|concat|fromCharCode|apply)\(\s*(?:[^()]*,\s*)?\.\.\./;

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) for (const file of sourceFiles(full)) out.push(file);
    else if (entry.name.endsWith('.ts')) out.push(full);
  }
  return out;
}

describe('no argument spread of unbounded arrays in main/ (outside main/report/)', () => {
  it('finds no Math.min/max, push, unshift, concat, fromCharCode or apply with a spread argument', () => {
    const report = path.join(repoRoot, 'main', 'report') + path.sep;
    const offenders: string[] = [];
    for (const file of sourceFiles(path.join(repoRoot, 'main'))) {
      if (file.startsWith(report)) continue;
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          const code = line.trim();
          if (code.startsWith('//') || code.startsWith('*')) return;
          if (SPREAD_CALL.test(code)) offenders.push(`${path.relative(repoRoot, file)}:${i + 1}: ${code}`);
        });
    }
    expect(offenders).toEqual([]);
  });

  it('effective parallelism over a level of 300,000 requests', () => {
    const records: RequestRecord[] = [okRecord(1, 0, { ttftMs: 200, e2eMs: 1200 })];
    for (let i = 0; i < 300_000; i++) records.push(okRecord(2, i, { ttftMs: 210 + (i % 7), e2eMs: 1300 }));
    const finding = effectiveParallelism([level(1), level(2)], records);
    expect(finding.slots).toBe(2);
    expect(finding.atLeast).toBe(true);
  });
});
