// The desktop preload defines `window.tokenbench`; a browser page served by `tokenbench ui` has only the
// token in its URL and talks HTTP.
import type { TokenbenchApi } from '../../common/api-verbs.js';
import type { AppEdge } from '../app/edge.js';
import { createHttpBridge, tokenFromSearch } from './http-bridge.js';

declare global {
  interface Window {
    /** Set by the desktop preload (preload/preload.ts); absent in web mode. */
    tokenbench: TokenbenchApi;
  }
}

export function chooseBridge(win: Window = window): { api: TokenbenchApi; edge: AppEdge } {
  const preloaded = (win as Partial<Window>).tokenbench;
  if (preloaded !== undefined) return { api: preloaded, edge: 'desktop' };
  const token = tokenFromSearch(win.location.search);
  if (token === null) throw new Error('No app bridge and no ?token= in the page address: open the page from `tokenbench ui`.');
  return { api: createHttpBridge({ token }), edge: 'web' };
}
