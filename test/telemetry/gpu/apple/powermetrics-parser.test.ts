import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePlistXml, PlistSyntaxError } from '../../../../main/telemetry/gpu/apple/plist-xml.js';
import { parsePowermetricsPlist, PlistStreamSplitter } from '../../../../main/telemetry/gpu/apple/powermetrics-parser.js';
import { fixture } from '../../support/shared.js';

describe('parsePlistXml', () => {
  it('reads the value kinds powermetrics uses, entities included', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0"><dict>
<key>name</key><string>Tom &amp; Jerry &lt;3</string>
<key>n</key><integer>-42</integer><key>r</key><real>1.5e+09</real>
<key>yes</key><true/><key>no</key><false/><key>empty</key><string/>
<key>when</key><date>2026-01-22T21:07:07Z</date>
<key>list</key><array><integer>1</integer><dict/><array/></array>
</dict></plist>`;
    expect(parsePlistXml(xml)).toEqual({
      name: 'Tom & Jerry <3',
      n: -42,
      r: 1.5e9,
      yes: true,
      no: false,
      empty: '',
      when: new Date(Date.UTC(2026, 0, 22, 21, 7, 7)),
      list: [1, {}, []],
    });
  });

  it('throws on a torn document', () => {
    expect(() => parsePlistXml('<plist version="1.0"><dict><key>a</key><integer>1</int')).toThrow(PlistSyntaxError);
    expect(() => parsePlistXml('<plist version="1.0"><dict><key>a</key><integer>1</integer>')).toThrow(PlistSyntaxError);
  });
});

describe('powermetrics plist capture (M4, macOS 26)', () => {
  const xml = readFileSync(fixture('powermetrics-plist-m4.plist'), 'utf8');

  it('gives the values checked by hand in the file', () => {
    const s = parsePowermetricsPlist(xml);
    expect(s.timestampMs).toBe(Date.UTC(2026, 0, 22, 21, 7, 7));
    // elapsed_ns 1023685416
    expect(s.elapsedMs).toBeCloseTo(1023.685416, 9);
    // processor: cpu_power 2978.45, gpu_power 269.614, ane_power 0, combined_power 3248.07 (mW)
    expect(s.cpuPowerW).toBeCloseTo(2.97845, 9);
    expect(s.gpuPowerW).toBeCloseTo(0.269614, 9);
    expect(s.anePowerW).toBe(0);
    expect(s.combinedPowerW).toBeCloseTo(3.24807, 9);
    // gpu: freq_hz 338 (MHz despite the name), idle_ratio 0.877343, gpu_energy 284 mJ
    expect(s.gpuFreqMHz).toBe(338);
    expect(s.gpuActivePct).toBeCloseTo(12.2657, 6);
    expect(s.gpuEnergyJ).toBeCloseTo(0.284, 9);
  });

  it('splits NUL-separated documents fed in arbitrary pieces and drops a torn last one', () => {
    const stream = `${xml}\0${xml}\0${xml.slice(0, 5000)}`;
    const splitter = new PlistStreamSplitter();
    const docs: string[] = [];
    let step = 1;
    for (let i = 0; i < stream.length; ) {
      docs.push(...splitter.push(stream.slice(i, i + step)));
      i += step;
      step = (step * 7 + 13) % 9001 || 1;
    }
    splitter.end();
    expect(docs).toHaveLength(2);
    expect(docs.map((d) => parsePowermetricsPlist(d).gpuFreqMHz)).toEqual([338, 338]);
    expect(splitter.torn).toBe(1);
  });

  it('hands over a complete document before its NUL separator arrives', () => {
    const splitter = new PlistStreamSplitter();
    expect(splitter.push(xml)).toHaveLength(1);
    expect(splitter.push('\0')).toHaveLength(0);
    splitter.end();
    expect(splitter.torn).toBe(0);
  });
});
