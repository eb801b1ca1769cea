// The desktop preload defines `window.tokenbench`; a browser page served by `tokenbench ui` has only the
// token in its URL and talks HTTP.
import type { TokenbenchApi } from '../../common/api-verbs.js';
import { createHttpBridge, tokenFromSearch } from './http-bridge.js';

declare global {
  interface Window {
    /** Set by the desktop preload (preload/preload.ts); absent in web mode. */
    tokenbench: TokenbenchApi;
  }
}

export function chooseBridge(win: Window = window): TokenbenchApi {
  const preloaded = (win as Partial<Window>).tokenbench;
  if (preloaded !== undefined) return preloaded;
  const token = tokenFromSearch(win.location.search);
  if (token === null) throw new Error('No app bridge and no ?token= in the page address: open the page from `tokenbench ui`.');
  return createHttpBridge({ token });
}
