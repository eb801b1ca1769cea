// Web mode's report downloads: "Save report" registers the report under a random single-use id, and the
// page downloads `/api/download/<id>/<file name>`. The id, not the web token, authorises that one GET: a
// download URL lands in the browser's history and download list, and the token must never be in one.
import { randomBytes } from 'node:crypto';
import type { RenderedReport } from './service.js';

/** How long a saved report waits to be downloaded (the page asks for it at once). */
export const DOWNLOAD_TTL_MS = 5 * 60_000;
/** Saved reports waiting at most; the oldest goes first. A page saves one at a time. */
export const MAX_PENDING_DOWNLOADS = 32;

const ID_PATTERN = /^[A-Za-z0-9_-]{43}$/;

interface Pending {
  render: () => Promise<RenderedReport>;
  expiresAt: number;
}

export class SingleUseDownloads {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Registers a report (rendered when downloaded); returns its id, 32 random bytes in base64url. */
  add(render: () => Promise<RenderedReport>): string {
    this.dropExpired();
    while (this.pending.size >= MAX_PENDING_DOWNLOADS) {
      const oldest = this.pending.keys().next().value;
      if (oldest === undefined) break;
      this.pending.delete(oldest);
    }
    const id = randomBytes(32).toString('base64url');
    this.pending.set(id, { render, expiresAt: this.now() + DOWNLOAD_TTL_MS });
    return id;
  }

  /** The report registered under `id`, once: the id is spent whether or not it had expired. Null for an unknown id. */
  take(id: string): (() => Promise<RenderedReport>) | null {
    if (!ID_PATTERN.test(id)) return null;
    const entry = this.pending.get(id);
    if (!entry) return null;
    this.pending.delete(id);
    return entry.expiresAt > this.now() ? entry.render : null;
  }

  private dropExpired(): void {
    const now = this.now();
    for (const [id, entry] of this.pending) if (entry.expiresAt <= now) this.pending.delete(id);
  }
}
