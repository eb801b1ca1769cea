import { createRoot } from 'react-dom/client';
import type { TokenbenchApi } from '../../common/api.js';
import { App } from './app.js';

export function mountApp(element: HTMLElement, bridge: TokenbenchApi): void {
  createRoot(element).render(<App bridge={bridge} />);
}
