// The renderer's pure helpers: routes and form parsing (its charts are common/charts: test/common/).
import { describe, expect, it } from 'vitest';
import { parseRoute, routeHref } from '../../common/app-routes.js';
import { parseLevels, parseOptionalNumber } from '../../renderer/setup/parse-fields.js';

describe('hash routes', () => {
  it('round-trip every screen, ids with odd characters included', () => {
    const routes = [
      { name: 'popover' },
      { name: 'setup' },
      { name: 'history' },
      { name: 'playback' },
      { name: 'live', runId: '2026-01-20T10-00-00Z ollama/#1' },
      { name: 'run', runId: 'abc' },
      { name: 'compare', a: 'a', b: 'b/c' },
    ] as const;
    for (const route of routes) expect(parseRoute(routeHref(route))).toEqual(route);
    expect(parseRoute('')).toEqual({ name: 'popover' });
    expect(parseRoute('#/runs/')).toEqual({ name: 'popover' });
    expect(parseRoute('#/nonsense')).toEqual({ name: 'popover' });
  });
});

describe('setup fields', () => {
  it('parses level lists and optional numbers, refusing anything else', () => {
    expect(parseLevels('1, 2,4 ,8')).toEqual([1, 2, 4, 8]);
    expect(parseLevels('1,0')).toBeNull();
    expect(parseLevels('1.5')).toBeNull();
    expect(parseLevels('')).toBeNull();
    expect(parseOptionalNumber('')).toBeNull();
    expect(parseOptionalNumber('2.5')).toBe(2.5);
    expect(parseOptionalNumber('-1')).toBeUndefined();
    expect(parseOptionalNumber('x')).toBeUndefined();
  });
});
