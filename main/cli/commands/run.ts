import type { Command } from '../command.js';

export const RUN_OPTIONS = {
  url: { type: 'string' },
  api: { type: 'string' },
  model: { type: 'string' },
  concurrency: { type: 'string' },
  mode: { type: 'string' },
  duration: { type: 'string' },
  requests: { type: 'string' },
  prompt: { type: 'string' },
  'prompt-file': { type: 'string' },
  'max-tokens': { type: 'string' },
  cooldown: { type: 'string' },
  'no-warmup': { type: 'boolean' },
  timeout: { type: 'string' },
  'idle-timeout': { type: 'string' },
  think: { type: 'boolean' },
  'no-think': { type: 'boolean' },
  telemetry: { type: 'string' },
  'sample-interval': { type: 'string' },
  runs: { type: 'string' },
  out: { type: 'string' },
  json: { type: 'boolean' },
  gguf: { type: 'string' },
  endpoint: { type: 'string' },
  profile: { type: 'string' },
} as const;

export const RUN_EXIT_CODES = `Exit codes:
  0    ok
  1    the run failed
  2    bad input or unreachable server (one line on stderr, nothing written)
  130  cancelled (Ctrl-C); finished requests stay in the run folder`;

// Defaults quoted here must match run-args.ts and common/run-config.ts DEFAULTS;
// test/cli/help.test.ts checks the ones that can drift.
const RUN_USAGE = `Usage: tokenbench run [options]

Sends streamed requests at increasing concurrency levels and records TTFT,
tokens/s, errors and server telemetry in a run folder.

Target:
  --url URL             server base URL (default http://127.0.0.1:11434)
  --api ollama|openai   server API (default: detect from the server)
  --model NAME          model (default: the loaded one, else the first
                        installed)
  --endpoint generate|chat
                        Ollama endpoint, /api/generate or /api/chat
                        (default generate; Ollama only)
  --gguf FILE           benchmark a GGUF model with the built-in engine
                        (llama.cpp) instead of a server; not with --url

Load:
  --profile quick|study quick: levels 1,2,4,8, max-tokens 128;
                        study: levels 1,2,4,8,16,(GPU cores),32,64,128,256,
                        cooldown 10 s, timeout 2 h (its queues waited
                        ~3,200 s); other flags override the profile
  --concurrency LIST    parallel requests per level, comma list of integers
                        1..4096; each level runs once, smallest first
                        (default 1,2,4,8)
  --mode burst|sustained
                        burst: send N requests at once, wait for all;
                        sustained: keep N in flight (default burst)
  --duration TIME       sustained: length of each level, e.g. 30, 30s, 2m
  --requests N          sustained: requests per level
                        (sustained needs exactly one of --duration, --requests)
  --cooldown TIME       pause between levels, seconds, >= 0 (default 0)
  --no-warmup           skip the warm-up request before the first level
                        (default: one warm-up, not counted)

Request:
  --prompt TEXT         prompt (default "What is the philosophical
                        definition of time?")
  --prompt-file FILE    read the prompt from a UTF-8 file (not with --prompt)
  --max-tokens N        most tokens to generate (default: the server's)
  --think, --no-think   turn the model's thinking on or off
                        (default: the server's default)
  --timeout TIME        whole-request limit, seconds > 0 (default 600)
  --idle-timeout TIME   limit on silence within a stream, seconds > 0
                        (default 60)

Several models (one run folder per model, then their ranking):
  --model A,B,C         run the same plan against each model in turn; the
                        previous model is unloaded first (Ollama keep_alive
                        0) and --cooldown is kept between models; at the end
                        each model's table and the ranking (tokenbench rank)

Telemetry and output:
  --telemetry auto|none|process|gpu
                        what to sample besides requests: process = the
                        server's CPU, RAM, threads, FDs; gpu = power,
                        frequency, usage; auto = both where available;
                        none (default auto)
  --sample-interval MS  telemetry period, milliseconds >= 100 (default 1000)
  --runs DIR            the folder that holds run folders; each run makes
                        one inside it, named by its run id (default runs)
  --out DIR             the same as --runs (its first name; not with --runs)
  --json                print the summary as JSON on stdout
  -h, --help            show this help

TIME is seconds (30, 2.5) or a number with a unit: 500ms, 30s, 2m, 1h.

Examples:
  tokenbench run
      Ollama on 127.0.0.1:11434, its loaded model, levels 1,2,4,8
  tokenbench run --url http://127.0.0.1:8080 --api openai --model x
      an OpenAI-compatible server (llama-server, LM Studio, vLLM)
  tokenbench run --mode sustained --duration 60s --concurrency 4,8
      keep 4, then 8, requests in flight for a minute each
  tokenbench run --gguf ./model.gguf --profile quick
      no server needed: the built-in engine serves the file
  tokenbench run --profile study --model deepseek-r1:7b --json > summary.json
  tokenbench run --model llama3.2:3b,qwen2.5:7b,deepseek-r1:7b --cooldown 10s
      three models in turn, then which serves the most users well

${RUN_EXIT_CODES}
`;

/** `tokenbench run`: benchmark a server or a GGUF file into a new run folder. */
export const runCommand: Command<typeof RUN_OPTIONS> = {
  name: 'run',
  summary: 'benchmark a server (Ollama or OpenAI-compatible) or a GGUF file',
  options: RUN_OPTIONS,
  positionals: [],
  usage: RUN_USAGE,
  run: async (args, io) => (await import('../run-command.js')).runBenchmark(args, io),
};
