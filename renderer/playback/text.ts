// What playback asks of the app's API (any TokenbenchApi, IPC or the HTTP bridge, will do) and the
// shapes it gets back. The text itself is common/playback/playback-text.ts.
import type { RunDetail } from '../../common/api.js';
import type { TokenbenchApi } from '../../common/api-verbs.js';

export type RecordedRequest = Awaited<ReturnType<TokenbenchApi['getRequest']>>;
export type PlaybackApi = Pick<TokenbenchApi, 'getRun' | 'getRequest'>;
export type LevelSummary = RunDetail['levels'][number];
