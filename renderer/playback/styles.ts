// Playback's own styles, adopted by PlaybackView so the module looks the same in the app and standalone.
// A constructed stylesheet (CSSOM) is not inline markup, so it needs no 'unsafe-inline' in the page's CSP.
export const PLAYBACK_CSS = `
.pb { font: 14px/1.45 system-ui, sans-serif; color: #1d2330; padding: 16px; }
.pb-controls { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center; margin: 0 0 12px; }
.pb-controls fieldset { border: 1px solid #d5d9e2; border-radius: 6px; padding: 4px 8px; display: flex; gap: 8px; align-items: center; }
.pb-controls legend { font-size: 12px; color: #5b6475; }
.pb-controls button { font: inherit; padding: 3px 10px; }
.pb-controls input[type=number] { width: 6em; font: inherit; }
.pb-origin { font-size: 12px; color: #5b6475; margin: 4px 0 8px; }
.pb-lanes { display: grid; grid-template-columns: repeat(auto-fill, minmax(180px, 1fr)); gap: 10px; }
.pb-lane { border: 1px solid #d5d9e2; border-radius: 8px; display: flex; flex-direction: column; min-width: 0; background: #fff; }
.pb-lane[data-kind=replay] { border-color: #7a5af8; }
.pb-lane-head { display: flex; justify-content: space-between; align-items: baseline; padding: 6px 8px 0; font-weight: 600; }
.pb-lane-head button { border: none; background: none; cursor: pointer; color: #5b6475; }
.pb-lane-live { display: flex; flex-direction: column; flex: 1; min-height: 0; }
.pb-status { font: 12px/1.4 ui-monospace, monospace; color: #5b6475; padding: 2px 8px 4px; font-variant-numeric: tabular-nums; }
.pb-lane-live[data-state=waiting] .pb-status { color: #b54708; }
.pb-scroll { height: 260px; overflow-y: auto; padding: 0 8px 8px; contain: content; overflow-anchor: none; }
.pb-text { white-space: pre-wrap; overflow-wrap: anywhere; }
.pb-pass + .pb-pass { border-top: 1px dashed #d5d9e2; margin-top: 6px; padding-top: 6px; }
.pb-think { color: #6b7280; font-style: italic; border-left: 3px solid #c7cbd6; padding-left: 6px; }
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
