// Test page entry: the real app over a FakeBridge built from data the test injected before load.
import { mountApp } from '../app/mount.js';
import { FakeBridge } from './fake-bridge.js';
import type { HarnessGlobal } from './harness-api.js';

const g = globalThis as HarnessGlobal;
const root = document.getElementById('root');
if (!g.__harnessData || !root) throw new Error('harness: no __harnessData or #root');
const fake = new FakeBridge(g.__harnessData);
g.__fake = fake;
mountApp(root, fake, g.__harnessData.edge ?? 'web');
g.__harnessReady = true;
