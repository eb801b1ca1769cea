// TokenbenchApi over the web-mode wire format (docs/app.md § "Web mode wire format"): POST /api/<verb>
// with the page's token in a header, live events from one shared EventSource on /api/events.
import type { RunEvent } from '../../common/api.js';
import { windowPageAddress, type WindowPage } from '../../common/app-routes.js';
import { verbCalls, WEB_TOKEN_HEADER, type ApiVerb, type TokenbenchApi, type VerbArgs, type VerbResult } from '../../common/api-verbs.js';

export interface HttpBridgeOptions {
  /** The token the server put in the page URL (`/?token=T`). */
  token: string;
  /** Origin + path prefix of the API; '' = the page's own origin. */
  base?: string;
  /** Each call gives up after this long, so a dead server never hangs a screen. */
  callTimeoutMs?: number;
}

export class BridgeError extends Error {
  constructor(
    message: string,
    readonly httpStatus: number | null,
  ) {
    super(message);
    this.name = 'BridgeError';
  }
}

/** `?token=T` of the page, or null when the page was opened without one. */
export function tokenFromSearch(search: string): string | null {
  return new URLSearchParams(search).get('token');
}

const STREAM_LINGER_MS = 5_000;

export function createHttpBridge(options: HttpBridgeOptions): TokenbenchApi {
  const base = options.base ?? '';
  const timeoutMs = options.callTimeoutMs ?? 30_000;
  const listeners = new Set<(event: RunEvent) => void>();
  let source: EventSource | null = null;
  let closeTimer: ReturnType<typeof setTimeout> | null = null;

  async function call<V extends ApiVerb>(verb: V, args: VerbArgs<V>): Promise<VerbResult<V>> {
    // JSON has no undefined: `startRun(undefined)` goes as `[]`, not `[null]`.
    const sent: unknown[] = [...args];
    while (sent.length > 0 && sent.at(-1) === undefined) sent.pop();
    const response = await fetch(`${base}/api/${verb}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [WEB_TOKEN_HEADER]: options.token },
      body: JSON.stringify({ args: sent }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    // The server answers with this verb's result (main/app/web-server.ts dispatches by the same table).
    const body = (await response.json().catch(() => null)) as { result?: VerbResult<V>; error?: string } | null;
    if (!response.ok) {
      throw new BridgeError(body?.error ?? `${verb}: HTTP ${response.status}`, response.status);
    }
    if (body === null || !('result' in body)) throw new BridgeError(`${verb}: the server sent no result`, response.status);
    return body.result as VerbResult<V>;
  }

  function openEvents(): void {
    const url = `${base}/api/events?token=${encodeURIComponent(options.token)}`;
    source = new EventSource(url);
    source.onmessage = (message: MessageEvent<string>) => {
      let event: RunEvent;
      try {
        event = JSON.parse(message.data) as RunEvent;
      } catch {
        return; // a torn or foreign line must not break the live view
      }
      for (const listener of listeners) listener(event);
    };
  }

  const calls = verbCalls(
    (verb) =>
      (...args) =>
        call(verb, args),
  );
  return {
    ...calls,
    async saveReport(runId, format) {
      const path = await calls.saveReport(runId, format);
      if (path === null) return null;
      downloadFrom(`${base}${path}`);
      // What the page shows: the file the browser saves, never the URL it was downloaded from.
      return downloadName(path);
    },
    // Windows are the page's own business here: a new tab, opened within the click that asked for it
    // (before any await, or the browser blocks it as a pop-up). Nothing is sent to the server.
    async openWindow(page) {
      window.open(webPageHref(base, page, options.token), '_blank', 'noopener');
      return true;
    },
    async hidePopover() {
      return false;
    },
    onRunEvent(listener) {
      listeners.add(listener);
      if (closeTimer !== null) clearTimeout(closeTimer);
      closeTimer = null;
      if (source === null) openEvents();
      return () => {
        listeners.delete(listener);
        // Screens hand over (popover → live view) by unsubscribing and subscribing again at once:
        // keep the stream open a moment so no event falls between them.
        if (listeners.size === 0 && closeTimer === null) {
          closeTimer = setTimeout(() => {
            closeTimer = null;
            if (listeners.size === 0 && source !== null) {
              source.close();
              source = null;
            }
          }, STREAM_LINGER_MS);
        }
      };
    },
  };
}

/** A window page of the app (common/app-routes.ts) on the web server, with the page's token. */
export function webPageHref(base: string, page: WindowPage, token: string): string {
  const { file, query, hash } = windowPageAddress(page);
  return `${base}/${file}?${new URLSearchParams({ ...query, token }).toString()}${hash}`;
}

/** The file name at the end of a download path (`/api/download/<id>/<file name>`). */
function downloadName(path: string): string {
  const last = path.slice(path.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/** Web mode saves a report as a browser download of the URL the server made for it. */
function downloadFrom(href: string): void {
  const anchor = document.createElement('a');
  anchor.href = href;
  anchor.download = '';
  anchor.rel = 'noopener';
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
}
