// Standalone playback page: works with no back end (sample text, presets). In the desktop app the preload's
// window.tokenbench is used; opened from `tokenbench ui` as playback.html?run=<id>&token=<t>, the HTTP bridge.
// ?speeds=100,55 sets the starting lanes.
import { createRoot } from 'react-dom/client';
import { createHttpBridge } from '../bridge/http-bridge.js';
import { parseSpeed } from '../../common/playback/lanes.js';
import { PlaybackView } from '../playback/playback-view.js';
import type { PlaybackApi } from '../playback/text.js';

const params = new URLSearchParams(location.search);
const runId = params.get('run') ?? undefined;
const token = params.get('token');
const api: PlaybackApi | undefined = 'tokenbench' in window ? window.tokenbench : token ? createHttpBridge({ token, callTimeoutMs: 15_000 }) : undefined;
const speeds = params.get('speeds')?.split(',').map(parseSpeed).filter((s): s is number => s !== null);

const root = document.getElementById('root');
if (root) createRoot(root).render(<PlaybackView api={api} runId={runId} initialSpeeds={speeds && speeds.length > 0 ? speeds : undefined} />);
