// What a failed TLS connection means, in one line a user can act on (issue 14): the certificate is not
// trusted, expired, or for another host — never "start Ollama". One wording for the run's preflight and
// for each request's `connect` error.

const UNTRUSTED = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
]);

const FIX_TRUST = 'pass its CA certificate with --ca FILE, or --insecure to skip the check';

/** The error's own code, or its cause's (undici wraps the socket's error). */
export function errorCodeOf(err: unknown): string {
  const e = err as { code?: unknown; cause?: { code?: unknown } } | null;
  const code = e?.code;
  const causeCode = e?.cause?.code;
  if (typeof code === 'string' && code !== 'UND_ERR_SOCKET') return code;
  if (typeof causeCode === 'string') return causeCode;
  return typeof code === 'string' ? code : '';
}

/** One line saying what failed, when `err` is a TLS failure; null for anything else. */
export function tlsFailure(err: unknown): string | null {
  const code = errorCodeOf(err);
  if (UNTRUSTED.has(code)) {
    const self = code === 'DEPTH_ZERO_SELF_SIGNED_CERT' || code === 'SELF_SIGNED_CERT_IN_CHAIN' ? 'self-signed' : 'issued by an unknown authority';
    return `TLS: the server's certificate is not trusted (${self}, ${code}); ${FIX_TRUST}`;
  }
  if (code === 'CERT_HAS_EXPIRED') return `TLS: the server's certificate has expired (${code}); renew it, or --insecure to skip the check`;
  if (code === 'CERT_NOT_YET_VALID') return `TLS: the server's certificate is not valid yet (${code}); check the clocks, or --insecure`;
  if (code === 'CERT_REVOKED') return `TLS: the server's certificate was revoked (${code})`;
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    const reason = (err as { reason?: unknown; cause?: { reason?: unknown } }).reason ?? (err as { cause?: { reason?: unknown } }).cause?.reason;
    const detail = typeof reason === 'string' ? `: ${reason}` : '';
    return `TLS: the server's certificate is for another host name (${code}${detail}); use the name it was issued for, or --insecure`;
  }
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || code === 'EPROTO' || /^ERR_SSL_/.test(code)) {
    return `TLS: the handshake failed (${code}); is the server speaking plain HTTP? then use an http:// URL`;
  }
  return null;
}
