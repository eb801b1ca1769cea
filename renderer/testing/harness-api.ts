// What the browser tests put into the page and read back from it. Types only, shared by the harness
// (renderer side) and the tests (Node side).
import type { ReportFormat, RunDetail, RunEvent, RunListItem, ServerStatus } from '../../common/api.js';
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
