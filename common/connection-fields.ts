// Extra request headers for servers that are not on this machine (issue 14): `Name: value` as the CLI's
// `--header` and the app's Setup take them, checked the same way in both. The values are secrets: no
// message here ever quotes one.

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Headers the client itself sets, or that would break the request's framing. */
const RESERVED_HEADERS = new Set(['host', 'content-length', 'content-type', 'accept', 'transfer-encoding', 'connection', 'upgrade', 'keep-alive', 'expect', 'te', 'trailer']);

/** `Name: value` lines → headers, or the problem with the first bad line (naming the header, never its value). */
export function parseHeaderLines(lines: readonly string[]): { headers: Record<string, string> } | { problem: string } {
  const headers: Record<string, string> = {};
  const seen = new Set<string>();
  for (const raw of lines) {
    const colon = raw.indexOf(':');
    const name = colon === -1 ? '' : raw.slice(0, colon).trim();
    if (colon === -1 || !TOKEN.test(name)) return { problem: "expected 'Name: value' (a header name, a colon, its value)" };
    const value = raw.slice(colon + 1).trim();
    if (/[\r\n\0]/.test(value)) return { problem: `the value of ${name} holds a line break` };
    const lower = name.toLowerCase();
    if (RESERVED_HEADERS.has(lower)) return { problem: `${name} is set by Tokenbench itself` };
    if (seen.has(lower)) return { problem: `${name} is given more than once` };
    seen.add(lower);
    headers[name] = value;
  }
  return { headers };
}

/** True for the header an API key travels in (`Authorization: Bearer KEY`). */
export function isAuthorizationHeader(name: string): boolean {
  return name.toLowerCase() === 'authorization';
}
