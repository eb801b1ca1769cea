import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/**
 * Transpiles `entry` and every module it imports relatively into `outDir`, mirroring the repo layout, and returns
 * the compiled entry's path. Child processes in crash tests import it: always the current source, no build step.
 */
export async function compileModuleTree(repoRoot: string, entry: string, outDir: string): Promise<string> {
  await mkdir(outDir, { recursive: true });
  // Without it Node would load the compiled .js files as CommonJS.
  await writeFile(join(outDir, 'package.json'), '{ "type": "module" }\n');
  const seen = new Set<string>();
  const queue = [resolve(repoRoot, entry)];
  while (queue.length > 0) {
    const source = queue.pop() as string;
    if (seen.has(source)) continue;
    seen.add(source);
    const text = await readFile(source, 'utf8');
    const output = ts.transpileModule(text, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
      fileName: source,
    }).outputText;
    const target = join(outDir, relative(repoRoot, source)).replace(/\.ts$/, '.js');
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, output);
    for (const match of text.matchAll(/from '(\.{1,2}\/[^']+)\.js'/g)) {
      queue.push(resolve(dirname(source), `${match[1]}.ts`));
    }
  }
  return join(outDir, entry).replace(/\.ts$/, '.js');
}
