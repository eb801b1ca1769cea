// One real answer of the run, shown as text (never markup): what the model said when it had the machine to itself.
import { rate, seconds } from '../format.js';
import type { RequestRecord } from '../results.js';

export type SampleAnswer = { type: 'answer'; caption: string; thinking: string; answer: string } | { type: 'note'; text: string };

/** The first ok answer of the smallest level; needs the records' playback pieces for the thinking part. */
export function sampleAnswer(records: readonly RequestRecord[]): SampleAnswer {
  let record: RequestRecord | undefined;
  for (const r of records) {
    if (r.status === 'ok' && (!record || r.level < record.level || (r.level === record.level && r.index < record.index))) record = r;
  }
  if (!record) return { type: 'note', text: 'No ok request: there is no answer to show.' };
  const kinds = record.pieceKinds;
  const thinking = record.pieces.filter((_, i) => kinds[i] === 't').join('');
  return {
    type: 'answer',
    caption: `Request ${record.index} of level ${record.level}: ${record.outputTokens} output tokens (${record.thinkingTokens} thinking), ${rate(record.tokensPerSecond)} tokens/s, TTFT ${seconds(record.ttftMs)} s.`,
    thinking,
    answer: record.text,
  };
}
