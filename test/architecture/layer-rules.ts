// Which layer may import which: data flows one way (engine → records → store → metrics → report → UI),
// and each edge (app, cli) composes the layers below it. Checked on the import statements of every
// source file by layers.test.ts.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export type Layer =
  | 'common'
  | 'metrics'
  | 'store'
  | 'telemetry'
  | 'engine'
  | 'run'
  | 'report'
  | 'import'
  | 'serve'
  | 'app'
  | 'cli'
  | 'preload'
  | 'renderer';

/** What each layer may import besides itself. */
export const ALLOWED: Record<Layer, readonly Layer[]> = {
  // The data contract: no Node, no DOM, nothing of the program.
  common: [],
  metrics: ['common'],
  // Recovering an interrupted run summarises the levels whose summary was never written (run-reader.ts).
  store: ['common', 'metrics'],
  telemetry: ['common'],
  engine: ['common', 'metrics'],
  // Orchestration: the one layer that puts the engine, the run folder and telemetry together.
  run: ['common', 'metrics', 'engine', 'store', 'telemetry'],
  report: ['common', 'metrics', 'store'],
  // The study's result folders → a run folder (it writes through the store, summarises with metrics).
  import: ['common', 'metrics', 'store'],
  // The built-in llama.cpp engine stands alone: the CLI and the app start it.
  serve: ['common'],
  app: ['common', 'metrics', 'store', 'telemetry', 'engine', 'run', 'report', 'serve'],
  // The outermost edge: `tokenbench ui` hosts the app's service and web mode.
  cli: ['common', 'metrics', 'store', 'telemetry', 'engine', 'run', 'report', 'import', 'serve', 'app'],
  // Plus main/app/preload-api.ts, the one file the preload shares with the main process (FILE_EXCEPTIONS).
  preload: ['common'],
  renderer: ['common'],
};

/** Leaf modules of main/ outside every layer that any main layer may import (they import only Node). */
const MAIN_LEAVES = ['main/tool-version.ts'];
const MAIN_LAYERS: readonly Layer[] = ['metrics', 'store', 'telemetry', 'engine', 'run', 'report', 'import', 'serve', 'app', 'cli'];

/** Single files a layer may import outside its allowed layers. */
export const FILE_EXCEPTIONS: ReadonlyArray<{ from: Layer; to: string }> = [
  { from: 'preload', to: 'main/app/preload-api.ts' },
  ...MAIN_LAYERS.flatMap((from) => MAIN_LEAVES.map((to) => ({ from, to }))),
];

export const SOURCE_ROOTS = ['common', 'main', 'preload', 'renderer'];

/** The layer of a repository path, or null outside the layered tree (bench/, test/, packages). */
export function layerOf(file: string): Layer | null {
  const [top, second] = file.split('/');
  if (top === 'common' || top === 'preload' || top === 'renderer') return top;
  if (top === 'main' && second !== undefined && second in ALLOWED) return second as Layer;
  return null;
}

export interface ImportEdge {
  /** Repository paths, `/`-separated; `to` is the source file the import names (`x.js` → `x.ts`/`x.tsx`). */
  from: string;
  to: string;
}

export interface Violation extends ImportEdge {
  fromLayer: Layer;
  toLayer: Layer | null;
}

/** Every import of a layered file that its layer may not make. */
export function layerViolations(edges: readonly ImportEdge[]): Violation[] {
  const out: Violation[] = [];
  for (const edge of edges) {
    const fromLayer = layerOf(edge.from);
    if (fromLayer === null) continue;
    const toLayer = layerOf(edge.to);
    if (toLayer === fromLayer || (toLayer !== null && ALLOWED[fromLayer].includes(toLayer))) continue;
    if (FILE_EXCEPTIONS.some((e) => e.from === fromLayer && e.to === edge.to)) continue;
    out.push({ ...edge, fromLayer, toLayer });
  }
  return out;
}

function sourceFiles(root: string, dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(root, rel);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [rel] : [];
  });
}

/** `x.js` as written in an import → the `x.ts` or `x.tsx` it names (or the path as written). */
function sourceOf(root: string, target: string): string {
  const stem = target.replace(/\.js$/, '');
  return ['.ts', '.tsx'].map((ext) => stem + ext).find((candidate) => existsSync(path.join(root, candidate))) ?? target;
}

/** The repository's relative imports (static, type-only, re-exports and dynamic), read by TypeScript's own pre-processor. */
export function importEdges(root: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const file of SOURCE_ROOTS.flatMap((dir) => sourceFiles(root, dir))) {
    const { importedFiles } = ts.preProcessFile(readFileSync(path.join(root, file), 'utf8'), true, true);
    for (const { fileName } of importedFiles) {
      if (!fileName.startsWith('.')) continue;
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), fileName));
      edges.push({ from: file, to: sourceOf(root, target) });
    }
  }
  return edges;
}
