import type { Command } from '../command.js';

export const UI_OPTIONS = {
  port: { type: 'string' },
  runs: { type: 'string' },
  settings: { type: 'string' },
} as const;

const UI_USAGE = `Usage: tokenbench ui [--port P] [--runs DIR] [--settings FILE]

Serves the app's interface in your browser, for machines without a desktop
(a GPU box over SSH) — on 127.0.0.1 only, behind a random token in the URL it
prints. Runs go to DIR in the run-folder format, like tokenbench run.

Options:
  --port P              TCP port on 127.0.0.1 (default 0: any free port)
  --runs DIR            the folder that holds run folders (default runs)
  --settings FILE       where Setup is remembered
                        (default ~/.config/tokenbench/settings.json)
  -h, --help            show this help

Over SSH: ssh -L 8080:127.0.0.1:8080 gpu-box, run tokenbench ui --port 8080
there, and open the printed URL on your machine. Ctrl-C stops the server
(and cancels a run in progress; its finished requests are kept).
`;

/** `tokenbench ui`: the app's interface over HTTP on 127.0.0.1 until Ctrl-C. */
export const uiCommand: Command<typeof UI_OPTIONS> = {
  name: 'ui',
  summary: "the app's interface in a browser (127.0.0.1, token in the URL)",
  options: UI_OPTIONS,
  positionals: [],
  usage: UI_USAGE,
  run: async (args, io) => (await import('../ui-command.js')).serveUi(args, io),
};
