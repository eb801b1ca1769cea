// The app's screens as hash routes: the same page works from app:// (Electron), http:// (web mode) and
// file:// (tests). Pure, so Node tests check them too.

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

