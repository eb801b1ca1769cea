// How playback looks, in the view (renderer/playback/styles.ts) and in every exported frame (painter.ts):
// the same colours, so thinking reads apart from the answer the same way on screen and in a GIF.

export const PLAYBACK_COLORS = {
  page: '#f3f4f7',
  lane: '#ffffff',
  border: '#d5d9e2',
  replayBorder: '#7a5af8',
  text: '#1d2330',
  muted: '#5b6475',
  thinking: '#6b7280',
  thinkingBar: '#c7cbd6',
  waiting: '#b54708',
  band: '#1d2330',
  bandText: '#ffffff',
} as const;

/**
 * Font stacks of exported frames. Named families first so a clip looks alike wherever it is rendered:
 * DejaVu Sans and Liberation Sans ship with most Linux systems (the CLI's canvas finds them there), Arial
 * and Helvetica with macOS and Windows.
 */
export const EXPORT_FONTS = {
  sans: "'DejaVu Sans', 'Liberation Sans', Arial, Helvetica, sans-serif",
  mono: "'DejaVu Sans Mono', 'Liberation Mono', Menlo, Consolas, monospace",
} as const;

export type ExportFonts = { sans: string; mono: string };
