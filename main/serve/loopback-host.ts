import type { IncomingMessage } from 'node:http';

/** 127.0.0.1, localhost or [::1], with or without a port. */
const LOOPBACK_HOST_HEADER = /^(?:127\.0\.0\.1|localhost|\[::1\])(?::\d{1,5})?$/i;

/**
 * Like Ollama: a request whose Host header names anything but the loopback interface is refused. A page on
 * evil.example can rebind its own name to 127.0.0.1 (DNS rebinding); the browser then calls it same-origin,
 * sends no Origin to refuse, but still sends `Host: evil.example`. A request without a Host header (HTTP/1.0
 * tools) is not a browser's and passes.
 */
export function hostAllowed(req: IncomingMessage): boolean {
  const host = req.headers.host;
  return host === undefined || LOOPBACK_HOST_HEADER.test(host);
}
