import { DEFAULT_EXPORT, DEFAULT_GIF_FPS, EXPORT_LIMITS, GIF_FPS } from '../../../common/playback/export-options.js';
import type { Command } from '../command.js';

export const PLAYBACK_OPTIONS = {
  speeds: { type: 'string' },
  seconds: { type: 'string' },
  out: { type: 'string' },
  force: { type: 'boolean' },
  run: { type: 'string' },
  level: { type: 'string' },
  request: { type: 'string' },
  replay: { type: 'boolean' },
  size: { type: 'string' },
  fps: { type: 'string' },
  font: { type: 'string' },
} as const;

const PLAYBACK_USAGE = `Usage: tokenbench playback --out FILE.gif [--speeds LIST] [--seconds N]
       tokenbench playback --out FILE.gif --run DIR [--level N --request I]
                           [--replay]

Renders token-speed playback as an animated GIF, without a window: the
playback view's lanes, frame by frame at fixed moments (frame k at k/fps s),
so every frame shows exactly the tokens due then: floor(t x speed) in a
speed lane, the pieces whose recorded offset <= t in a replay. A band under
the lanes names the speeds and where the text comes from.

Options:
  --speeds LIST         lanes at these tokens/s, comma list (0 < s <= 10000);
                        default the presets 100,55,30.7,19.9,9.1,6.3, or with
                        --run the mean speed of each of its levels
  --seconds N           length of the clip, ${EXPORT_LIMITS.minSeconds} to ${EXPORT_LIMITS.maxSeconds} (default ${DEFAULT_EXPORT.seconds}; with
                        --replay until the last token, plus 1 s)
  --out FILE            the GIF to write (.gif); an existing FILE is refused
                        unless --force
  --force               overwrite FILE
  --run DIR             take the text from a run folder's request (its real
                        token chunks, thinking apart) instead of the
                        built-in sample answer
  --level N             with --run: the request's level (default: the first
                        successful request of the lowest level)
  --request I           with --run: the request's index in its level
  --replay              with --run: replay the request with its recorded
                        timing, beside a lane at its level's mean speed
                        (not with --speeds)
  --size WxH            frame size in pixels (default ${DEFAULT_EXPORT.width}x${DEFAULT_EXPORT.height})
  --fps N               frames per second, one of ${GIF_FPS.join(',')}
                        (default ${DEFAULT_GIF_FPS}; a GIF frame lasts whole hundredths
                        of a second)
  --font FILE           draw with this TrueType/OpenType font file (default:
                        DejaVu Sans, Liberation Sans, Arial or Helvetica,
                        whichever the system has)
  -h, --help            show this help

WebM: export it from the playback view (the app or tokenbench ui). Encoding
video needs the browser's video encoder (WebCodecs), which Node does not have.

Examples:
  tokenbench playback --speeds 55,19.9 --seconds 10 --out speed.gif
  tokenbench playback --run runs/RUN-ID --replay --out replay.gif
  tokenbench playback --run runs/RUN-ID --size 960x540 --fps 20 --out run.gif

Exit codes:
  0    ok
  1    the clip could not be written
  2    bad input: a flag, no run folder at DIR, FILE exists (one line on stderr)
`;

/** `tokenbench playback`: token-speed playback as a GIF, rendered by the playback view's painter. */
export const playbackCommand: Command<typeof PLAYBACK_OPTIONS> = {
  name: 'playback',
  summary: 'render token-speed playback as an animated GIF (no window needed)',
  options: PLAYBACK_OPTIONS,
  positionals: [],
  usage: PLAYBACK_USAGE,
  run: async (args, io) => (await import('../playback-command.js')).renderPlayback(args, io),
};
