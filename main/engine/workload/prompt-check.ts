// The run's check of prompt lengths (issue 14): where Tokenbench knows how many tokens a prompt has
// (`--input-tokens`, or a prompt counted in process), the server's own count (`server.promptTokens`) should
// agree. Past 5 % the run warns once, with the spread: a chat template adds a few tokens per request, and
// a BPE that is not the model's own is only an approximation.
import type { ServerCounters } from '../../../common/results.js';

/** Beyond this relative difference a request's prompt counts as mis-sized. */
export const PROMPT_TOKEN_TOLERANCE = 0.05;

export class PromptTokenCheck {
  private checked = 0;
  private off = 0;
  private minRatio = Infinity;
  private maxRatio = -Infinity;

  /** Notes one request: what we sent and what the server counted (nothing when either is unknown). */
  observe(inputTokens: number | undefined, counters: ServerCounters | null): void {
    const server = counters?.promptTokens;
    if (inputTokens === undefined || inputTokens <= 0 || server === undefined) return;
    // llama.cpp's usage counts the whole prompt; where only the evaluated part is reported, add the cached part back.
    const whole = counters?.cachedPromptTokens !== undefined && counters.evaluatedPromptTokens === server ? server + counters.cachedPromptTokens : server;
    const ratio = whole / inputTokens;
    this.checked++;
    if (Math.abs(ratio - 1) > PROMPT_TOKEN_TOLERANCE) this.off++;
    this.minRatio = Math.min(this.minRatio, ratio);
    this.maxRatio = Math.max(this.maxRatio, ratio);
  }

  /** One line for run.json's warnings, or null when every checked prompt was within 5 %. */
  warning(tokenizerName: string): string | null {
    if (this.off === 0) return null;
    const pct = (r: number): string => `${r >= 1 ? '+' : ''}${((r - 1) * 100).toFixed(1)} %`;
    return (
      `prompt tokens: on ${this.off} of ${this.checked} requests the server counted more than 5 % more or fewer prompt tokens than ` +
      `Tokenbench sent (${pct(this.minRatio)} to ${pct(this.maxRatio)}; counted by ${tokenizerName}). A chat template adds a few ` +
      'tokens to every request; a tokenizer that is not the model\'s own is an approximation'
    );
  }
}
