// How screens name what discovery found (common/api.ts FoundServer, DefaultTarget).
import type { DefaultTarget } from '../../common/api.js';

/** `http://127.0.0.1:11434/` and `http://127.0.0.1:11434` are the same server. */
export function sameServer(a: string, b: string): boolean {
  return a.replace(/\/+$/, '') === b.replace(/\/+$/, '');
}

/** "127.0.0.1:11434" of a base URL: what fits a narrow line. */
export function hostOf(url: string): string {
  return url.replace(/^https?:\/\//, '').replace(/\/+$/, '');
}

/** What a one-click run uses when no server answers (the app's own words: no CLI flag). */
export function defaultTargetText(target: DefaultTarget): string {
  switch (target.kind) {
    case 'server':
      return `A run without a chosen server uses ${hostOf(target.url)}.`;
    case 'built-in':
      return target.demo
        ? `No local server answers. A run uses the built-in engine with the demo model (${target.model}, random weights: the numbers show the tool and this machine, not a real model).`
        : `No local server answers. A run uses the built-in engine with ${target.model}.`;
    case 'none':
      return sentence(target.reason);
  }
}

/** Discovery's reason as a sentence: capital first, full stop last. */
function sentence(text: string): string {
  const trimmed = text.trim();
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

