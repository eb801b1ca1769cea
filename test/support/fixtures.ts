// Where the tests' data lives, all inside this repository so that a clone alone runs every test:
// test/fixtures/ holds real captures (streams, telemetry) and the study's raw results, each with its
// provenance and licence in PROVENANCE.md; the tiny model is the demo model Tokenbench ships
// (assets/models/, see its PROVENANCE.md).
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const fixturesDir = path.join(repoRoot, 'test', 'fixtures');

/** A real llama-architecture GGUF with random weights (1.7 MB): gibberish, but real llama.cpp inference. */
export const tinyModel = path.join(repoRoot, 'assets', 'models', 'llama-2-tiny-random.gguf');

/** Real streamed responses of llama.cpp, Ollama and an OpenAI-compatible API. */
export const streamFixtures = path.join(fixturesDir, 'streams');

/** Real powermetrics and nvidia-smi captures. */
export const telemetryFixtures = path.join(fixturesDir, 'telemetry');

/** The study's raw result folders (`<model>/test_results_N/`), for deepseek-r1:1.5b and 8b. */
export const legacyResults = path.join(fixturesDir, 'legacy-results');
