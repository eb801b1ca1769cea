// The demo model: a tiny llama-architecture GGUF with random weights that ships with Tokenbench
// (assets/models/, see its PROVENANCE.md), served by the built-in engine when nothing else is there.
// Every place that shows a result measured on it says so, in these words.
import { PROFILE_SETTINGS } from './profiles.js';
import type { RunConfig } from './run-config.js';
import type { TargetInfo } from './run-manifest.js';

/** What a result measured on the demo model means, in one line (CLI, run.json warnings, reports, the app). */
export const DEMO_MODEL_NOTE = "demo model, random weights: these numbers show the tool and this machine's llama.cpp, not a real model";

/** The demo model named inside a sentence: "… benchmarking the built-in llama.cpp engine on the demo model (random weights: …)". */
export const DEMO_MODEL_PHRASE = `the demo model (${DEMO_MODEL_NOTE.replace(/^demo model, /, '')})`;

/** `run.json` target.modelDetails of a demo run carries `demo: true`. */
export function isDemoTarget(target: Pick<TargetInfo, 'modelDetails'>): boolean {
  return target.modelDetails?.demo === true;
}

/** The target as run.json records it when the demo model was measured. */
export function asDemoTarget(target: TargetInfo): TargetInfo {
  return { ...target, modelDetails: { ...(target.modelDetails ?? {}), demo: true } };
}

/**
 * Random weights seldom produce an end token, so a demo request asked for no length would generate until
 * its context is full (~2,000 tokens; a default run took a minute on two cores). Unless the run asks for
 * a length, a demo run gets the quick profile's (128).
 */
export const DEMO_MAX_TOKENS = PROFILE_SETTINGS.quick.maxTokens ?? 128;

/** The configuration of a run on the demo model: its own length when it asks for one, else DEMO_MAX_TOKENS. */
export function demoRunConfig<T extends Pick<RunConfig, 'maxTokens'>>(config: T): T {
  return config.maxTokens === undefined ? { ...config, maxTokens: DEMO_MAX_TOKENS } : config;
}
