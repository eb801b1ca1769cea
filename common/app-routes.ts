// The app's screens as hash routes: the same page works from app:// (Electron), http:// (web mode) and
// file:// (tests). Also the pages the popover opens in a window of their own. One home for the renderer's
// router, main's windows (main/app/window.ts) and web mode's tabs (renderer/bridge/http-bridge.ts).
import * as z from 'zod/mini';
import { RUN_ID_MAX_LENGTH, RUN_ID_PATTERN } from './run-id.js';

export type Route =
  | { name: 'popover' }
  | { name: 'setup' }
  | { name: 'live'; runId: string }
  | { name: 'run'; runId: string }
  | { name: 'history' }
  | { name: 'compare'; a: string; b: string }
  | { name: 'playback' }
  /** Several runs (one per model) ranked: #/ranking/<id>/<id>/… */
  | { name: 'ranking'; runIds: string[] };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').map((p) => decodeURIComponent(p));
  const [head, first, second] = parts;
  switch (head) {
    case 'setup':
      return { name: 'setup' };
    case 'history':
      return { name: 'history' };
    case 'playback':
      return { name: 'playback' };
    case 'live':
      if (first) return { name: 'live', runId: first };
      break;
    case 'runs':
      if (first) return { name: 'run', runId: first };
      break;
    case 'compare':
      if (first && second) return { name: 'compare', a: first, b: second };
      break;
    case 'ranking': {
      const runIds = parts.slice(1).filter((p) => p !== '');
      if (runIds.length >= 2) return { name: 'ranking', runIds };
      break;
    }
  }
  return { name: 'popover' };
}

export function routeHref(route: Route): string {
  const enc = encodeURIComponent;
  switch (route.name) {
    case 'live':
      return `#/live/${enc(route.runId)}`;
    case 'run':
      return `#/runs/${enc(route.runId)}`;
    case 'compare':
      return `#/compare/${enc(route.a)}/${enc(route.b)}`;
    case 'ranking':
      return `#/ranking/${route.runIds.map(enc).join('/')}`;
    default:
      return `#/${route.name}`;
  }
}

/**
 * A page the menu-bar popover opens beside itself (it stays 380 px wide): the dashboard window in the
 * desktop app, a new tab in web mode. `playback` is its own HTML page (renderer/pages/playback.tsx).
 */
export type WindowPage = { page: 'live' | 'run'; runId: string } | { page: 'history' } | { page: 'playback'; runId?: string };

const runId = z.string().check(z.minLength(1), z.maxLength(RUN_ID_MAX_LENGTH), z.regex(RUN_ID_PATTERN));

export const windowPageSchema = z.union([
  z.strictObject({ page: z.enum(['live', 'run']), runId }),
  z.strictObject({ page: z.literal('history') }),
  z.strictObject({ page: z.literal('playback'), runId: z.optional(runId) }),
]);

/** The HTML file, query and hash of a window page; web mode adds its token to the query. */
export function windowPageAddress(page: WindowPage): { file: 'app.html' | 'playback.html'; query: Record<string, string>; hash: string } {
  switch (page.page) {
    case 'live':
      return { file: 'app.html', query: {}, hash: routeHref({ name: 'live', runId: page.runId }) };
    case 'run':
      return { file: 'app.html', query: {}, hash: routeHref({ name: 'run', runId: page.runId }) };
    case 'history':
      return { file: 'app.html', query: {}, hash: routeHref({ name: 'history' }) };
    case 'playback':
      return { file: 'playback.html', query: page.runId === undefined ? {} : { run: page.runId }, hash: '' };
  }
}
