// Help texts, each line at most 80 columns. Defaults quoted here must match run-args.ts and
// engine/config.ts DEFAULTS; test/cli/help.test.ts checks the ones that can drift.

const RUN_EXIT_CODES = `Exit codes:
  0    ok
  1    the run failed
  2    bad input or unreachable server (one line on stderr, nothing written)
  130  cancelled (Ctrl-C); finished requests stay in the run folder`;

const REPORT_EXIT_CODES = `Exit codes:
  0    ok
  1    the report could not be written
  2    bad input: unknown format, no run folder at RUN (one line on stderr)
  130  cancelled (Ctrl-C)`;

export const MAIN_HELP = `tokenbench — load-test a local LLM server and get numbers you can trust

Usage: tokenbench <command> [options]

Commands:
  run      benchmark a server (Ollama or OpenAI-compatible) or a GGUF file
  report   write a report (HTML, JSON, Markdown, CSV) from a run folder
  compare  compare two run folders on the same charts (HTML, Markdown)
  serve    serve a GGUF file with the Ollama API (the built-in engine)
  ui       the app's interface in a browser (127.0.0.1, token in the URL)
  import-legacy
           turn the study's result folders into a run folder

Run "tokenbench <command> --help" for the options of a command.

${RUN_EXIT_CODES}
`;

export const RUN_HELP = `Usage: tokenbench run [options]

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

Telemetry and output:
  --telemetry auto|none|process|gpu
                        what to sample besides requests: process = the
                        server's CPU, RAM, threads, FDs; gpu = power,
                        frequency, usage; auto = both where available;
                        none (default auto)
  --sample-interval MS  telemetry period, milliseconds >= 100 (default 1000)
  --out DIR             parent folder of run folders (default runs)
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

${RUN_EXIT_CODES}
`;

export const REPORT_HELP = `Usage: tokenbench report RUN --format json|md|csv|html [--out FILE]

Writes a report of the run folder RUN.

Options:
  --format FORMAT       json|md|csv|html (default md)
                        json: the run's manifest and level summaries;
                        md: Markdown tables like the study's, with definitions
                        csv: one table as RFC 4180 CSV (see --table)
                        html: one self-contained file (charts, tables,
                        verdict, telemetry, definitions) that opens offline
  --max-wait SECONDS    html: the verdict's wait limit, TTFT p95
                        (default 10)
  --min-speed TOKENS_PER_S
                        html: the verdict's speed limit, tokens/s p5
                        (default 20)
  --out FILE            write to FILE instead of stdout; an existing FILE is
                        refused unless --force
  --force               overwrite FILE
  --table requests|levels|gpu|process
                        csv: which table, one per file (default requests):
                        requests = one row per request; levels = one row
                        per level summary; gpu, process = telemetry samples
  --legacy              csv, requests: the columns of the study's
                        request_summary.csv (seconds), plus Concurrency
  -h, --help            show this help

Examples:
  tokenbench report runs/RUN-ID --format md
  tokenbench report runs/RUN-ID --format json --out report.json
  tokenbench report runs/RUN-ID --format csv --table levels --out levels.csv
  tokenbench report runs/RUN-ID --format html --max-wait 5 --out report.html

${REPORT_EXIT_CODES}
`;

export const IMPORT_LEGACY_HELP = `Usage: tokenbench import-legacy DIR --out RUN

Turns one model folder of the study's Go tool (DIR/test_results_N/ with
request_summary.csv, duration_metrics.csv, gpu_metrics.csv and
process_<pid>_metrics.csv) into the run folder RUN, readable by
tokenbench report. RUN must not exist; it is never overwritten. A folder
holding several model folders is refused: import one model at a time.

What the files cannot tell is said, as warnings stored in the run:
token counts are words; failed rows (status not 200 or not Completed)
are errors, not zeros; only the last of several runs appended into one
file is imported; GPU usage (always 100 %, a parsing bug) is left out.

Options:
  --out RUN             the run folder to create (its name is the run id)
  -h, --help            show this help

Example:
  tokenbench import-legacy results/deepseek-r1-8b --out runs/study-8b

Exit codes:
  0    ok
  1    the run folder could not be written
  2    bad input: no such folder, not the study's files, RUN exists
`;

export const COMPARE_HELP = `Usage: tokenbench compare RUN_A RUN_B [--format html|md] [--out FILE]

Compares two run folders: the same charts as the HTML report with both
runs overlaid (RUN_B dashed), and a table of deltas per level (B − A).

Options:
  --format html|md      html: one self-contained file that opens offline;
                        md: the deltas and both runs' tables as Markdown
                        (default html)
  --max-wait SECONDS    the verdict's wait limit, TTFT p95 (default 10)
  --min-speed TOKENS_PER_S
                        the verdict's speed limit, tokens/s p5 (default 20)
  --out FILE            write to FILE instead of stdout
  --force               overwrite FILE if it exists
  -h, --help            show this help

Examples:
  tokenbench compare runs/RUN-A runs/RUN-B --out compare.html
  tokenbench compare runs/RUN-A runs/RUN-B --format md

${REPORT_EXIT_CODES}
`;
