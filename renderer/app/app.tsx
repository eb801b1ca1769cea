// The app shell: navigation and the screen the hash names.
import type { TokenbenchApi } from '../../common/api-verbs.js';
import { Dashboard } from '../dashboard/dashboard.js';
import { Compare } from '../history/compare.js';
import { History } from '../history/history.js';
import { LiveRun } from '../live/live-run.js';
import { Popover } from '../popover/popover.js';
import { Ranking } from '../ranking/ranking.js';
import { Setup } from '../setup/setup.js';
import { BridgeContext } from './bridge-context.js';
import { EdgeContext, type AppEdge } from './edge.js';
import { useBrowserRunNotifications } from '../notifications/web-notifications.js';
import { playbackHref, useRoute } from './router.js';
import { routeHref, type Route } from '../../common/app-routes.js';

function Screen({ route }: { route: Route }) {
  switch (route.name) {
    case 'popover':
      return <Popover />;
    case 'setup':
      return <Setup />;
    case 'live':
      return <LiveRun key={route.runId} runId={route.runId} />;
    case 'run':
      return <Dashboard key={route.runId} runId={route.runId} />;
    case 'history':
      return <History />;
    case 'compare':
      return <Compare a={route.a} b={route.b} />;
    case 'ranking':
      return <Ranking runIds={route.runIds} />;
    case 'playback':
      return (
        <section className="card">
          <h2>Token-speed playback</h2>
          <p>
            Playback opens in its own page: <a href={playbackHref()}>open playback</a>. From a run&apos;s dashboard it plays that run&apos;s
            measured speeds.
          </p>
        </section>
      );
  }
}

const NAV: Array<{ route: Route; label: string; names: Route['name'][] }> = [
  { route: { name: 'popover' }, label: 'Status', names: ['popover', 'live'] },
  { route: { name: 'setup' }, label: 'Setup', names: ['setup'] },
  { route: { name: 'history' }, label: 'History', names: ['history', 'run', 'compare', 'ranking'] },
];

export function App({ bridge, edge }: { bridge: TokenbenchApi; edge: AppEdge }) {
  const route = useRoute();
  useBrowserRunNotifications(bridge, edge === 'web');
  return (
    <BridgeContext.Provider value={bridge}>
      <EdgeContext.Provider value={edge}>
        <header className="app-header">
          <h1 className="brand">Tokenbench</h1>
          <nav aria-label="Screens">
            {NAV.map((item) => (
              <a key={item.label} href={routeHref(item.route)} aria-current={item.names.includes(route.name) ? 'page' : undefined}>
                {item.label}
              </a>
            ))}
          </nav>
        </header>
        <main className={`screen screen-${route.name}`}>
          <Screen route={route} />
        </main>
      </EdgeContext.Provider>
    </BridgeContext.Provider>
  );
}
