// Module resolution hooks (node:module register) for the booted app: `electron` is the recording fake
// next to this file; the packages electron-builder.yml leaves out of the app (passed in by register.ts)
// cannot be imported, as in the packaged app.
import type { ResolveHook } from 'node:module';

let excluded: string[] = [];

export function initialize(data: { excluded: string[] }): void {
  excluded = data.excluded;
}

export const resolve: ResolveHook = (specifier, context, nextResolve) => {
  if (specifier === 'electron') return { url: new URL('./electron.js', import.meta.url).href, shortCircuit: true };
  const pkg = excluded.find((name) => specifier === name || specifier.startsWith(`${name}/`));
  if (pkg) throw new Error(`${specifier} is not packed into the app (electron-builder.yml excludes node_modules/${pkg})`);
  return nextResolve(specifier, context);
};
