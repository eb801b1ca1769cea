// The verb table (common/api-verbs.ts): what is derived from it at run time, and — checked by
// `npm run typecheck`, which covers this file — that argument and result types hold end to end.
import { describe, expect, it } from 'vitest';
import type { ServerStatus } from '../../common/api.js';
import { API_VERB_TABLE, API_VERBS, isApiVerb, verbCalls, type TokenbenchApi, type VerbHandlers } from '../../common/api-verbs.js';
import { DEFAULT_SETTINGS } from '../../common/settings.js';
import { verbChannel } from '../../main/app/channels.js';

describe('the verb table', () => {
  it('lists every request/response verb once', () => {
    expect(API_VERBS).toEqual(['getStatus',
      'findServers', 'getSettings', 'saveSettings', 'startRun', 'cancelRun', 'listRuns', 'getRun', 'getRequest', 'deleteRun', 'saveReport',
      'checkServer', 'openWindow', 'hidePopover',
      'getApiKeyStatus', 'setApiKey',
      'getRanking', 'getTrends']);
    expect(isApiVerb('getRun')).toBe(true);
    expect(isApiVerb('onRunEvent')).toBe(false);
    expect(isApiVerb('toString')).toBe(false);
    expect(API_VERBS.map(verbChannel)).toContain('tokenbench:getRequest');
  });

  it('checks each verb\'s arguments', () => {
    expect(API_VERB_TABLE.getRequest.args.safeParse(['run-1', 2, 0]).success).toBe(true);
    expect(API_VERB_TABLE.getRequest.args.safeParse(['run-1', 4097, 0]).success).toBe(false);
    expect(API_VERB_TABLE.getRun.args.safeParse(['../etc']).success).toBe(false);
    expect(API_VERB_TABLE.startRun.args.safeParse([]).success).toBe(true);
    expect(API_VERB_TABLE.startRun.args.safeParse([{ model: 'x' }]).success).toBe(true);
    expect(API_VERB_TABLE.saveReport.args.safeParse(['run-1', 'exe']).success).toBe(false);
    expect(API_VERB_TABLE.checkServer.args.safeParse(['http://127.0.0.1:1234', 'auto']).success).toBe(true);
    expect(API_VERB_TABLE.checkServer.args.safeParse(['not a url', 'auto']).success).toBe(false);
    expect(API_VERB_TABLE.checkServer.args.safeParse(['http://127.0.0.1:1234', 'grpc']).success).toBe(false);
    expect(API_VERB_TABLE.openWindow.args.safeParse([{ page: 'live', runId: 'run-1' }]).success).toBe(true);
    expect(API_VERB_TABLE.openWindow.args.safeParse([{ page: 'playback' }]).success).toBe(true);
    expect(API_VERB_TABLE.openWindow.args.safeParse([{ page: 'history' }]).success).toBe(true);
    // A run page needs a well-formed run id; no other page or field is accepted.
    expect(API_VERB_TABLE.openWindow.args.safeParse([{ page: 'run', runId: '../etc' }]).success).toBe(false);
    expect(API_VERB_TABLE.openWindow.args.safeParse([{ page: 'run' }]).success).toBe(false);
    expect(API_VERB_TABLE.openWindow.args.safeParse([{ page: 'file', path: '/etc/passwd' }]).success).toBe(false);
    expect(API_VERB_TABLE.openWindow.args.safeParse([{ page: 'history', url: 'https://example.com' }]).success).toBe(false);
    expect(API_VERB_TABLE.getRanking.args.safeParse([['run-1', 'run-2']]).success).toBe(true);
    expect(API_VERB_TABLE.getRanking.args.safeParse([['run-1']]).success).toBe(false);
    expect(API_VERB_TABLE.getRanking.args.safeParse([['run-1', '../etc']]).success).toBe(false);
    expect(API_VERB_TABLE.getTrends.args.safeParse([]).success).toBe(true);
  });

  it('verbCalls builds one function per verb', async () => {
    const seen: Array<[string, unknown[]]> = [];
    const calls = verbCalls((verb) => async (...args) => {
      seen.push([verb, args]);
      return undefined as never;
    });
    expect(Object.keys(calls).sort()).toEqual([...API_VERBS].sort());
    await calls.getRequest('run-1', 2, 3);
    expect(seen).toEqual([['getRequest', ['run-1', 2, 3]]]);
  });
});

/** Never called: these lines are checked by the compiler only. */
export function typeChecks(api: TokenbenchApi, handlers: VerbHandlers): void {
  void api.getRequest('run', 1, 0);
  void api.startRun();
  void api.startRun({ model: 'x' });
  void api.saveSettings(DEFAULT_SETTINGS);
  // @ts-expect-error a level is a number
  void api.getRequest('run', '1', 0);
  // @ts-expect-error getRun takes a run id
  void api.getRun();
  // @ts-expect-error settings need every field
  void api.saveSettings({ url: 'http://127.0.0.1:11434' });
  // @ts-expect-error not a report format
  void api.saveReport('run', 'pdf');
  // @ts-expect-error not a verb
  void api.startBenchmark();

  const status: Promise<ServerStatus> = api.getStatus();
  // @ts-expect-error getRun resolves with a RunDetail, not a list
  const wrong: Promise<string[]> = api.getRun('run');
  void status;
  void wrong;

  const good: VerbHandlers = { ...handlers, getStatus: async () => ({ url: '', reachable: false, api: null, version: null, models: [], loadedModel: null, warning: null }) };
  // @ts-expect-error a handler must resolve with its verb's result
  const badResult: VerbHandlers = { ...handlers, getStatus: async () => 42 };
  // @ts-expect-error a handler must take its verb's arguments
  const badArgs: VerbHandlers = { ...handlers, getRun: async (runId: number) => handlers.getRun(String(runId)) };
  // @ts-expect-error every verb needs a handler
  const missing: VerbHandlers = { getStatus: handlers.getStatus };
  void good;
  void badResult;
  void badArgs;
  void missing;
}
