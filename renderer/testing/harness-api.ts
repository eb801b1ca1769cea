// What the browser tests put into the page and read back from it. Types only, shared by the harness
// (renderer side) and the tests (Node side).
import type { ReportFormat, RunDetail, RunEvent, RunListItem, ServerDiscovery, ServerStatus } from '../../common/api.js';
import type { Settings } from '../../common/settings.js';

export interface HarnessData {
  status: ServerStatus;
  settings: Settings;
  runs: RunListItem[];
  details: Record<string, RunDetail>;
  /** Run id startRun resolves with. */
  nextRunId: string;
  /** What saveReport resolves with (null = the user cancelled the dialog). */
  savedReportPath: string | null;
  /** What findServers resolves with; default: the status's server when reachable. */
  discovery?: ServerDiscovery;
  /** What checkServer answers per URL; default: not reachable. */
  checked?: Record<string, ServerStatus>;
  /** The edge the page pretends to run in (renderer/app/edge.ts AppEdge; not imported: it brings React's types into the Node tests); default web. */
  edge?: 'desktop' | 'web';
}

export interface BridgeCall {
  verb: string;
  args: unknown[];
}

export interface HarnessControl {
  readonly calls: BridgeCall[];
  emit(event: RunEvent): void;
  /** Live subscribers (onRunEvent listeners not yet unsubscribed). */
  listenerCount(): number;
  reportsSaved(): Array<{ runId: string; format: ReportFormat }>;
}

export interface HarnessGlobal {
  __harnessData?: HarnessData;
  __fake?: HarnessControl;
  /** Set once the app is mounted. */
  __harnessReady?: boolean;
}
