// Playback's own styles, adopted by PlaybackView so the module looks the same in the app and standalone.
// A constructed stylesheet (CSSOM) is not inline markup, so it needs no 'unsafe-inline' in the page's CSP.
// Colours are the exported frames' (common/playback/playback-theme.ts), so a clip looks like the view.
import { PLAYBACK_COLORS as C } from '../../common/playback/playback-theme.js';

export const PLAYBACK_CSS = `
.pb { font: 14px/1.45 system-ui, sans-serif; color: ${C.text}; padding: 16px; }
.pb-controls { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center; margin: 0 0 12px; }
.pb-controls fieldset { border: 1px solid ${C.border}; border-radius: 6px; padding: 4px 8px; display: flex; gap: 8px; align-items: center; }
.pb-controls legend { font-size: 12px; color: ${C.muted}; }
.pb-controls button { font: inherit; padding: 3px 10px; }
.pb-controls input[type=number] { width: 6em; font: inherit; }
.pb-origin { font-size: 12px; color: ${C.muted}; margin: 4px 0 8px; }
.pb-lanes { display: grid; grid-template-columns: repeat(auto-fill, minmax(180px, 1fr)); gap: 10px; }
.pb-lane { border: 1px solid ${C.border}; border-radius: 8px; display: flex; flex-direction: column; min-width: 0; background: ${C.lane}; }
.pb-lane[data-kind=replay] { border-color: ${C.replayBorder}; }
.pb-lane-head { display: flex; justify-content: space-between; align-items: baseline; padding: 6px 8px 0; font-weight: 600; }
.pb-lane-head button { border: none; background: none; cursor: pointer; color: ${C.muted}; }
.pb-lane-live { display: flex; flex-direction: column; flex: 1; min-height: 0; }
.pb-status { font: 12px/1.4 ui-monospace, monospace; color: ${C.muted}; padding: 2px 8px 4px; font-variant-numeric: tabular-nums; }
.pb-lane-live[data-state=waiting] .pb-status { color: ${C.waiting}; }
.pb-scroll { height: 260px; overflow-y: auto; padding: 0 8px 8px; contain: content; overflow-anchor: none; }
.pb-text { white-space: pre-wrap; overflow-wrap: anywhere; }
.pb-pass + .pb-pass { border-top: 1px dashed ${C.border}; margin-top: 6px; padding-top: 6px; }
.pb-think { color: ${C.thinking}; font-style: italic; border-left: 3px solid ${C.thinkingBar}; padding-left: 6px; }
.pb-think + .pb-answer { margin-top: 6px; }
.pb-error { color: #b42318; }
.pb h3 { font-size: 14px; margin: 14px 0 6px; }
`;

const adopted = new WeakMap<Document, CSSStyleSheet>();

export function adoptPlaybackStyles(doc: Document): void {
  if (adopted.has(doc)) return;
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(PLAYBACK_CSS);
  doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
  adopted.set(doc, sheet);
}
