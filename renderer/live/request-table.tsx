// The per-request table of a live run, newest first. Only the visible rows are in the DOM, so thousands
// of finished requests cost the same to draw as twenty.
import { useState } from 'react';
import type { RequestRecord } from '../../common/results.js';
import { fixed, integer, seconds } from '../../common/format.js';

const ROW_HEIGHT = 26;
const VIEW_HEIGHT = 320;
const OVERSCAN = 6;

export function RequestTable({ records }: { records: RequestRecord[] }) {
  const [scrollTop, setScrollTop] = useState(0);
  const count = records.length;
  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(count, Math.ceil((scrollTop + VIEW_HEIGHT) / ROW_HEIGHT) + OVERSCAN);
  const rows: RequestRecord[] = [];
  for (let i = first; i < last; i++) rows.push(records[count - 1 - i]);
  return (
    <div className="request-table" role="table" aria-label="Requests" aria-rowcount={count}>
      <div className="rt-row rt-head" role="row">
        <span role="columnheader">Request</span>
        <span role="columnheader">Status</span>
        <span role="columnheader">Tokens</span>
        <span role="columnheader">Tokens/s</span>
        <span role="columnheader">TTFT (s)</span>
        <span role="columnheader" title="Estimated queue time: TTFT − prompt eval − load, when the server reports them">
          Waiting (s)
        </span>
        <span role="columnheader">Duration (s)</span>
      </div>
      {/* Focusable so the keyboard can scroll it (arrows, Page Up/Down). */}
      <div className="rt-body" role="rowgroup" aria-label="Requests, newest first" tabIndex={0} style={{ height: VIEW_HEIGHT }} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
        <div role="presentation" style={{ height: count * ROW_HEIGHT, position: 'relative' }}>
          {rows.map((r, i) => (
            <div
              key={`${r.level}-${r.index}`}
              className={`rt-row ${r.status === 'ok' ? '' : 'rt-error'}`}
              role="row"
              data-request={`${r.level}-${r.index}`}
              style={{ position: 'absolute', top: (first + i) * ROW_HEIGHT, height: ROW_HEIGHT, left: 0, right: 0 }}
            >
              <span role="cell">
                ×{r.level} #{r.index + 1}
              </span>
              <span role="cell" title={r.error?.message}>
                {r.status === 'ok' ? 'ok' : `${r.error?.kind ?? 'error'}${r.error?.httpStatus ? ` ${r.error.httpStatus}` : ''}`}
              </span>
              <span role="cell">{integer(r.outputTokens)}</span>
              <span role="cell">{fixed(r.tokensPerSecond, 1)}</span>
              <span role="cell">{seconds(r.ttftMs)}</span>
              <span role="cell">{seconds(r.queueMs)}</span>
              <span role="cell">{seconds(r.e2eMs)}</span>
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}
