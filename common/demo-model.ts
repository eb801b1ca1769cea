// The demo model: a tiny llama-architecture GGUF with random weights that ships with Tokenbench
// (assets/models/, see its PROVENANCE.md), served by the built-in engine when nothing else is there.
// Every place that shows a result measured on it says so, in these words.
import type { TargetInfo } from './run-manifest.js';

/** What a result measured on the demo model means, in one line (CLI, run.json warnings, reports, the app). */
export const DEMO_MODEL_NOTE = "demo model, random weights: these numbers show the tool and this machine's llama.cpp, not a real model";

/** `run.json` target.modelDetails of a demo run carries `demo: true`. */
export function isDemoTarget(target: Pick<TargetInfo, 'modelDetails'>): boolean {
  return target.modelDetails?.demo === true;
}

/** The target as run.json records it when the demo model was measured. */
export function asDemoTarget(target: TargetInfo): TargetInfo {
  return { ...target, modelDetails: { ...(target.modelDetails ?? {}), demo: true } };
}
