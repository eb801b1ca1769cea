// Runs @doyensec/electronegativity (Electron security checks) over the main-process and preload code
// and fails on any finding above INFORMATIONAL. Usage: node scripts/lint-electron.mjs [--json] [--input DIR]
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('..', import.meta.url));
const electronVersion = require('electron/package.json').version;

// The scan sees only our Electron code: the app's main process and the preload (plus package.json for
// the Electron version), not the renderer bundle or node_modules.
// `--input DIR` scans DIR instead (the test uses it to prove a bad window is caught).
const inputAt = process.argv.indexOf('--input');
const scanDir = mkdtempSync(join(tmpdir(), 'tokenbench-electronegativity-'));
if (inputAt > 0) {
  cpSync(process.argv[inputAt + 1], join(scanDir, 'input'), { recursive: true });
} else {
  cpSync(join(root, 'main', 'app'), join(scanDir, 'main', 'app'), { recursive: true });
  cpSync(join(root, 'preload'), join(scanDir, 'preload'), { recursive: true });
}
writeFileSync(join(scanDir, 'package.json'), JSON.stringify({ name: 'tokenbench-scan', devDependencies: { electron: electronVersion } }));

// The runner fetches translations and Electron's release list from GitHub with `got`. Scans must not
// touch the network (and gain nothing from it: the Electron version is pinned in package.json), so `got`
// is replaced by one that fails at once; the runner then falls back to its bundled English strings.
const scannerRequire = createRequire(require.resolve('@doyensec/electronegativity'));
const gotPath = scannerRequire.resolve('got');
const offline = () => Promise.reject(new Error('tokenbench: electronegativity runs offline'));
offline.head = offline;
offline.get = offline;
require.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: offline, children: [], paths: [] };
const run = require('@doyensec/electronegativity');
const log = console.log;
let result;
try {
  result = await run(
    {
      input: scanDir,
      output: undefined,
      isSarif: false,
      customScan: [],
      excludeFromScan: [],
      severitySet: undefined,
      confidenceSet: undefined,
      isRelative: true,
      isVerbose: false,
      electronUpgrade: undefined,
      electronVersionOverride: electronVersion,
      parserPlugins: [],
    },
    false,
  );
} finally {
  console.log = log;
  rmSync(scanDir, { recursive: true, force: true });
}

const findings = result.issues.map((i) => ({
  id: i.id,
  severity: i.severity.name,
  confidence: i.confidence.name,
  file: i.file,
  line: i.location?.line,
  description: i.description,
}));
const blocking = findings.filter((_f, n) => result.issues[n].severity.value > 0);
const parseErrors = result.errors.filter((e) => !e.tolerable).map((e) => `${e.file}: ${e.message}`);
if (process.argv.includes('--json')) {
  log(JSON.stringify({ checks: result.atomicChecks + result.globalChecks, findings, blocking, parseErrors }));
} else {
  for (const f of findings) log(`${f.severity.padEnd(13)} ${f.id} ${f.file}:${f.line ?? '?'}`);
  for (const e of parseErrors) log(`PARSE ERROR ${e}`);
  log(`electronegativity: ${result.atomicChecks + result.globalChecks} checks, ${findings.length} findings, ${blocking.length} above INFORMATIONAL`);
}
process.exitCode = blocking.length > 0 || parseErrors.length > 0 ? 1 : 0;
