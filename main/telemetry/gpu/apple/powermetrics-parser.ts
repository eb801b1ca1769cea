// `powermetrics -f plist`: one XML plist per sample, documents separated by NUL bytes. Units as
// powermetrics writes them: processor.*_power in mW, *_energy in mJ over `elapsed_ns`, and
// gpu.freq_hz — despite its name — in MHz.
import { parsePlistXml, type PlistValue } from './plist-xml.js';
import { emptyPowermetricsSample, type PowermetricsSample } from './powermetrics-sample.js';

type Dict = { [key: string]: PlistValue };

function dict(value: PlistValue | undefined): Dict | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date)
    ? (value as Dict)
    : null;
}

function num(value: PlistValue | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

const milli = (value: number | null): number | null => (value === null ? null : value / 1000);

/** One plist document → a sample. Throws PlistSyntaxError when the document is torn. */
export function parsePowermetricsPlist(xml: string): PowermetricsSample {
  const root = dict(parsePlistXml(xml));
  if (!root) throw new Error('powermetrics plist: the root is not a dict');
  const sample = emptyPowermetricsSample();
  const ts = root.timestamp;
  sample.timestampMs = ts instanceof Date ? ts.getTime() : null;
  const elapsedNs = num(root.elapsed_ns);
  sample.elapsedMs = elapsedNs === null ? null : elapsedNs / 1e6;

  const processor = dict(root.processor);
  if (processor) {
    sample.cpuPowerW = milli(num(processor.cpu_power));
    sample.gpuPowerW = milli(num(processor.gpu_power));
    sample.anePowerW = milli(num(processor.ane_power));
    sample.combinedPowerW = milli(num(processor.combined_power));
    sample.packagePowerW = milli(num(processor.package_power));
    sample.dramPowerW = milli(num(processor.dram_power));
  }
  const gpu = dict(root.gpu);
  if (gpu) {
    const idle = num(gpu.idle_ratio);
    sample.gpuActivePct = idle === null ? null : (1 - idle) * 100;
    const freq = num(gpu.freq_hz);
    sample.gpuFreqMHz = freq !== null && freq > 0 ? freq : null;
    sample.gpuEnergyJ = milli(num(gpu.gpu_energy));
    // Without the cpu_power sampler there is no processor dict; the GPU's own energy still gives its power.
    if (sample.gpuPowerW === null && sample.gpuEnergyJ !== null && sample.elapsedMs) {
      sample.gpuPowerW = sample.gpuEnergyJ / (sample.elapsedMs / 1000);
    }
  }
  return sample;
}

/**
 * Splits a growing powermetrics plist file into documents. Feed it bytes as they arrive; it returns
 * the documents that are complete. A document counts as complete once a NUL follows it or it ends
 * with `</plist>` and parses; at `end()` a torn last document is counted in `torn` and dropped.
 */
export class PlistStreamSplitter {
  private pending = '';
  torn = 0;

  push(text: string): string[] {
    this.pending += text;
    const parts = this.pending.split('\0');
    this.pending = parts.pop() ?? '';
    const docs = parts.filter((p) => p.trim() !== '');
    // powermetrics may write the separator before the next sample rather than after this one.
    if (/<\/plist>\s*$/.test(this.pending)) {
      docs.push(this.pending);
      this.pending = '';
    }
    return docs;
  }

  /** The stream ended: whatever is left is a torn document (or nothing). */
  end(): void {
    if (this.pending.trim() !== '') this.torn += 1;
    this.pending = '';
  }
}
