// A crafted run folder whose prompt, model name, run.json texts, error messages and answers carry Markdown
// and HTML: `tokenbench report --format md` must show every one as the characters it is. No Markdown
// renderer is installed, so the escaped text is asserted exactly, and the whole report is scanned for any
// link, image, autolink or raw HTML that could open.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { summarizeLevel } from '../../main/metrics/level-summary.js';
import { escapeMarkdown, escapeMarkdownBlock } from '../../main/report/markdown-text.js';
import { createRunFolder } from '../../main/store/run-writer.js';
import { cli } from '../support/cli-in-process.js';
import { errorRecord, manifest, okRecord } from '../store/support/records.js';

let parent: string;
beforeEach(async () => {
  parent = await mkdtemp(join(tmpdir(), 'tb-md-hostile-'));
});
afterEach(async () => {
  await rm(parent, { recursive: true, force: true });
});

const LINK = '[click](javascript:alert(1))';
const IMAGE = '![pixel](http://evil.example/p.png?who=me)';
const AUTOLINK = '<http://evil.example/autolink>';
const HTML = '<img src=x onerror=alert(1)>';
// Under the report's 200-character preview, so it is shown whole.
const PROMPT = `${IMAGE} ${LINK} ${AUTOLINK} ${HTML} **b** \`c\` ~~g~~ &lt; [r][1]\n[1]: http://e.x`;
const MODEL = `llama${IMAGE}`;

async function craftedRun(): Promise<string> {
  const answer = `${IMAGE} <script>window.__pwned=1</script> ${LINK}`;
  const records = [
    okRecord(1, 0, { text: answer, pieces: [answer], pieceOffsetsMs: [50], pieceKinds: 'a' }),
    { ...errorRecord(1, 1), error: { kind: 'server-error' as const, message: `server says ${LINK} ${HTML}` } },
  ];
  const base = manifest('crafted');
  const writer = await createRunFolder(
    parent,
    manifest('crafted', {
      config: { ...base.config, prompt: PROMPT, model: MODEL },
      target: { ...base.target, model: MODEL, serverVersion: `0.1 ${HTML}`, modelDetails: { family: LINK, nested: { x: HTML } } },
      host: { ...base.host, cpuModel: `<b>CPU</b> ${LINK}`, gpu: { name: `GPU ${AUTOLINK}` } },
      warnings: [`# Heading ${LINK}`, `- ${HTML}`, '1. ordered', '    indented code', `> quoted ${IMAGE}`],
    }),
  );
  for (const record of records) writer.appendRequest(record);
  writer.writeSummary({ levels: [summarizeLevel(records, { concurrency: 1, mode: 'burst', startedAt: records[0].startedAt, endedAt: records[0].startedAt + 400 })] });
  writer.setStatus('failed', { reason: `gave up ${AUTOLINK} ${IMAGE}` });
  writer.close();
  return writer.dir;
}

describe('tokenbench report --format md of a crafted run', () => {
  it('shows each field as text, escaped exactly', async () => {
    const result = await cli(['report', await craftedRun(), '--format', 'md']);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines).toContain(
      '- **Model:** llama!\\[pixel\\](http://evil.example/p.png?who=me) (family \\[click\\](javascript:alert(1)))',
    );
    expect(lines).toContain(
      '- **Request:** prompt “!\\[pixel\\](http://evil.example/p.png?who=me) \\[click\\](javascript:alert(1)) ' +
        '&lt;http://evil.example/autolink> &lt;img src=x onerror=alert(1)> \\*\\*b\\*\\* \\`c\\` \\~\\~g\\~\\~ ' +
        '&amp;lt; \\[r\\]\\[1\\] \\[1\\]: http://e.x”, max tokens server default, thinking server default',
    );
    expect(lines).toContain('- **Status:** failed — gave up &lt;http://evil.example/autolink> !\\[pixel\\](http://evil.example/p.png?who=me)');
    expect(lines).toContain('- **Target:** http://127.0.0.1:11434 (ollama API, server 0.1 &lt;img src=x onerror=alert(1)>)');
    expect(lines.find((l) => l.startsWith('- **Host:**'))).toBe(
      '- **Host:** linux 6.1 (x64), &lt;b>CPU&lt;/b> \\[click\\](javascript:alert(1)) × 2 cores, 8.0 GiB RAM, GPU GPU &lt;http://evil.example/autolink>',
    );
    // Warnings start a list item: a leading marker would make a heading, a nested list, a quote or code.
    expect(lines.filter((l) => l.startsWith('> - '))).toEqual([
      '> - \\# Heading \\[click\\](javascript:alert(1))',
      '> - \\- &lt;img src=x onerror=alert(1)>',
      '> - 1\\. ordered',
      '> - indented code',
      '> - \\> quoted !\\[pixel\\](http://evil.example/p.png?who=me)',
    ]);
  });

  it('opens no link, image, autolink or HTML anywhere; answers and error messages are not in it', async () => {
    const whole = (await cli(['report', await craftedRun(), '--format', 'md'])).stdout;
    // The report's own definitions (after the data) name `[DONE]`; nothing before them is ours to trust.
    const md = whole.slice(0, whole.indexOf('## Definitions'));
    expect(md.length).toBeGreaterThan(1000);
    // Every `[` is escaped (no link or image can open), no `<` is left (no HTML, no autolink), no `&` starts an entity but ours.
    expect(md).not.toMatch(/(^|[^\\])(\\\\)*\[/m);
    expect(md).not.toContain('<');
    expect(md.match(/&[a-z#0-9]+;/gi)?.every((entity) => entity === '&lt;' || entity === '&amp;')).toBe(true);
    expect(whole).not.toContain('<script>');
    expect(whole).not.toContain('__pwned');
    expect(whole).not.toContain('server says');
  });
});

describe('escapeMarkdown and escapeMarkdownBlock', () => {
  it('escape each markup character once, backslashes first', () => {
    expect(escapeMarkdown('a\\*b*c_d`e~f[g]h|i&j<k>l\nm')).toBe('a\\\\\\*b\\*c\\_d\\`e\\~f\\[g\\]h\\|i&amp;j&lt;k>l m');
  });

  it('neutralise a marker only where a block starts', () => {
    expect(['# h', '## h', '> q', '- l', '+ l', '---', '=== ', '12. n', '3) n', '   # indented', 'plain - text'].map(escapeMarkdownBlock)).toEqual([
      '\\# h',
      '\\## h',
      '\\> q',
      '\\- l',
      '\\+ l',
      '\\---',
      '\\=== ',
      '12\\. n',
      '3\\) n',
      '\\# indented',
      'plain - text',
    ]);
    // In a table cell a leading sign stays a sign.
    expect(escapeMarkdown('-0.50')).toBe('-0.50');
  });
});
