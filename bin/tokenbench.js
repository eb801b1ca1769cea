#!/usr/bin/env node
// Thin launcher: the CLI is TypeScript compiled to dist/ by `npm install` (the `prepare` script).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/main/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('tokenbench: not built yet; run `npm install` (or `npm run build`) in the tokenbench folder\n');
  process.exit(2);
}
const { main } = await import(entry.href);
const code = await main(process.argv.slice(2));
// Exit explicitly once stdout has drained: a native addon (llama.cpp) or a lingering socket must not
// keep a finished CLI alive, and a piped report must not be cut short.
process.stdout.write('', () => process.exit(code));
