// dist/renderer/app.js: the app window (Electron, with the preload's bridge) and `tokenbench ui` (HTTP bridge).
import { mountApp } from '../app/mount.js';
import { chooseBridge } from '../bridge/index.js';

const root = document.getElementById('root');
if (root) {
  try {
    const { api, edge } = chooseBridge();
    mountApp(root, api, edge);
  } catch (err) {
    root.textContent = err instanceof Error ? err.message : String(err);
  }
}
