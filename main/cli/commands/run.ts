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
  // Load shapes: request rates, sweeps, repeats, goodput (--seed also seeds the workload's draws).
  rate: { type: 'string' },
  arrivals: { type: 'string' },
  seed: { type: 'string' },
  'max-concurrency': { type: 'string' },
  repeat: { type: 'string' },
  slo: { type: 'string' },
  // Workload (issue 14)
  'input-tokens': { type: 'string' },
  turns: { type: 'string' },
  'system-prompt': { type: 'string' },
  'shared-prefix-tokens': { type: 'string' },
  'ignore-eos': { type: 'boolean' },
  // Remote servers (issue 14)
  header: { type: 'string', multiple: true },
  'api-key': { type: 'string' },
  ca: { type: 'string' },
  insecure: { type: 'boolean' },
} as const;

export const RUN_EXIT_CODES = `Exit codes:
  0    ok
  1    the run failed
  2    bad input or unreachable server (one line on stderr, nothing written)
  130  cancelled (Ctrl-C); finished requests stay in the run folder`;

// Defaults quoted here must match run-args.ts and common/run-config.ts DEFAULTS;
// test/cli/help.test.ts checks the ones that can drift.
const RUN_USAGE = `Usage: tokenbench run [options]

Sends streamed requests at increasing concurrency levels (or request rates)
and records TTFT, tokens/s, errors and server telemetry in a run folder.

Target:
  --url URL             server base URL (default: the local server found, see
                        tokenbench servers; none: the built-in engine)
  --api ollama|openai   server API (default: detect from the server)
  --model NAME          model (default: the loaded one, else the first
                        installed)
  --endpoint generate|chat
                        Ollama endpoint, /api/generate or /api/chat
                        (default generate; Ollama only)
  --gguf FILE           benchmark a GGUF model with the built-in engine
                        (llama.cpp, in a process of its own) instead of a
                        server; not with --url

Load:
  --profile quick|study quick: levels 1,2,4,8, max-tokens 128;
                        study: levels 1,2,4,8,16,(GPU cores),32,64,128,256,
                        cooldown 10 s, timeout 2 h (its queues waited
                        ~3,200 s); other flags override the profile
  --concurrency LIST    parallel requests per level, comma list of integers
                        1..4096; each level runs once, smallest first
                        (default 1,2,4,8)
  --mode burst|sustained|rate|sweep
                        burst: send N requests at once, wait for all;
                        sustained: keep N in flight (default burst);
                        rate, sweep: see Load shapes
  --duration TIME       sustained, rate, sweep: length of each level, e.g.
                        30, 30s, 2m
  --requests N          sustained, rate, sweep: requests per level
                        (these need exactly one of --duration, --requests)
  --cooldown TIME       pause between levels, seconds, >= 0 (default 0)
  --no-warmup           skip the warm-up request before the first level
                        (default: one warm-up, not counted)

Load shapes (rates, sweeps, repeats, goodput):
  --mode rate           one level per --rate: requests arrive at that rate
                        however long the server takes; each level needs
                        --duration or --requests
  --mode sweep          a synchronous level (1 at a time), a max-throughput
                        level (--max-concurrency in flight, default the
                        largest --concurrency), then 8 rates evenly between
                        their request rates, stopping after the first rate
                        the server cannot keep up with; needs --duration or
                        --requests per level
  --rate LIST           rate mode: requests per second, comma list of
                        numbers > 0, e.g. 0.5,1,2,4; smallest first
  --arrivals poisson|constant
                        rate, sweep: random (Poisson) or evenly spaced
                        arrivals (default poisson)
  --seed N              the one seed of every random draw, 0..4294967295:
                        arrival schedules, the prompt set's order, sampled
                        lengths (rate, sweep without it: a random one,
                        recorded in run.json; other modes: prompts in
                        order, lengths drawn from 0)
  --max-concurrency N   rate, sweep: most requests in flight, 1..4096; a due
                        request waits for a slot, recorded as client queue
                        time (default: no cap)
  --repeat N            run the whole plan N times into one run folder,
                        1..100; levels gain means with 95 % confidence
                        intervals (default 1)
  --slo LIST            goodput objectives, any of ttft=2s,itl=100ms,e2e=30s,
                        tps=20 (times need a unit: ms, s, m); default
                        ttft=10s,tps=20, the verdict's thresholds

Request:
  --prompt TEXT         prompt (default "What is the philosophical
                        definition of time?")
  --prompt-file FILE    read the prompt from a UTF-8 file (not with --prompt);
                        .jsonl and .json files are prompt sets (see Workload)
  --max-tokens N[:SD]   most tokens to generate (default: the server's);
                        N:SD draws each request's length from a normal
                        distribution (see Workload)
  --think, --no-think   turn the model's thinking on or off
                        (default: the server's default)
  --timeout TIME        whole-request limit, seconds > 0 (default 600)
  --idle-timeout TIME   limit on silence within a stream, seconds > 0
                        (default 60)

Workload:
  --prompt-file FILE    .jsonl: one {"prompt": …}, {"messages": [...]} or
                        {"conversations": [...]} per line; .json: a ShareGPT
                        array of {"conversations": [{from, value}]}; requests
                        take the prompts in order (shuffled with --seed)
  --input-tokens N[:SD] synthetic prompts of N tokens (normal, SD), counted
                        by the server's own /tokenize where it has one
                        (llama-server, the built-in engine), else by the
                        o200k_base BPE, an approximation for other models
  --ignore-eos          generate to --max-tokens past the end-of-sequence
                        token (llama.cpp, vLLM; Ollama has no such option);
                        the report says how many requests reached it
  --turns K             K-turn conversations that resend their history,
                        each turn a request (default 1); with Ollama, uses
                        /api/chat
  --system-prompt TEXT  a system message before every conversation
  --shared-prefix-tokens N
                        a synthetic system message of N tokens, the same
                        for every request (what a prefix cache can reuse)
  (--seed, under Load shapes, also shuffles the prompt set and seeds the
  lengths)

Remote servers:
  --header 'NAME: VALUE'
                        send this header with every request (repeatable);
                        values are never written to the run folder
  --api-key KEY         send Authorization: Bearer KEY (or set
                        TOKENBENCH_API_KEY, which keeps it out of ps);
                        never written to the run folder, reports or logs
  --ca FILE             trust the CA certificates in this PEM file too
                        (https:// only)
  --insecure            do not check the server's certificate (https://)
                        Process telemetry only watches a server on this
                        machine.

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
      the local server found (Ollama first), its loaded model, levels
      1,2,4,8; with no server, the built-in engine on a model on disk, else
      on the demo model (random weights: it shows the tool, not a model)
  tokenbench run --url http://127.0.0.1:11434
      Ollama, and only Ollama: if it does not answer, exit 2
  tokenbench run --url http://127.0.0.1:8080 --api openai --model x
      an OpenAI-compatible server (llama-server, LM Studio, vLLM)
  tokenbench run --mode sustained --duration 60s --concurrency 4,8
      keep 4, then 8, requests in flight for a minute each
  tokenbench run --mode rate --rate 0.5,1,2 --duration 60s --slo ttft=2s
      requests arriving at 0.5, 1, 2 per second for a minute each
  tokenbench run --mode sweep --requests 50 --repeat 3
      find the highest rate the server sustains, three times over
  tokenbench run --gguf ./model.gguf --profile quick
      no server needed: the built-in engine serves the file
  tokenbench run --profile study --model deepseek-r1:7b --json > summary.json
  tokenbench run --input-tokens 1024:128 --max-tokens 256 --turns 4
      4-turn conversations of ~1,024-token messages: TTFT per turn shows
      the prompt cache
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
