import { createRoot } from 'react-dom/client';
import type { TokenbenchApi } from '../../common/api-verbs.js';
import { App } from './app.js';
import type { AppEdge } from './edge.js';

export function mountApp(element: HTMLElement, bridge: TokenbenchApi, edge: AppEdge = 'web'): void {
  createRoot(element).render(<App bridge={bridge} edge={edge} />);
}
