// The hash router: the current route as state, and navigation.
import { useEffect, useState } from 'react';
import { parseRoute, routeHref, type Route } from '../../common/app-routes.js';

export function navigate(route: Route): void {
  window.location.hash = routeHref(route);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

/** The standalone playback page (renderer/playback), for one run or its sample text; keeps web mode's token. */
export function playbackHref(runId?: string): string {
  const params = new URLSearchParams();
  if (runId !== undefined) params.set('run', runId);
  const token = new URLSearchParams(window.location.search).get('token');
  if (token !== null) params.set('token', token);
  const query = params.toString();
  return `playback.html${query ? `?${query}` : ''}`;
}
