import { createRoot } from 'react-dom/client';
import type { TokenbenchApi } from '../../common/api-verbs.js';
import { App } from './app.js';

export function mountApp(element: HTMLElement, bridge: TokenbenchApi): void {
  createRoot(element).render(<App bridge={bridge} />);
}
