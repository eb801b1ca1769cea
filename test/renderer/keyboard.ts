// Keyboard-only driving: Tab moves focus as a user would, with no click to put it anywhere.
import type { Page } from 'playwright-core';

/**
 * The focused element's name as a user hears it (simplified): its aria-label, else the text of its
 * <label>, else its own text; its tag when none.
 */
const FOCUSED_NAME = `(() => {
  const el = document.activeElement;
  if (!el || el === document.body) return '';
  const label = el.labels && el.labels.length > 0 ? el.labels[0].textContent : '';
  return (el.getAttribute('aria-label') || label || el.textContent || el.tagName).trim();
})()`;

/** Presses Tab (Shift+Tab with `backwards`) until the control named `name` has focus; throws after `limit` presses. */
export async function pressTabUntil(page: Page, name: string, options: { limit?: number; backwards?: boolean } = {}): Promise<void> {
  const seen: string[] = [];
  for (let i = 0; i < (options.limit ?? 60); i++) {
    await page.keyboard.press(options.backwards ? 'Shift+Tab' : 'Tab');
    const focused = (await page.evaluate(FOCUSED_NAME)) as string;
    if (focused === name) return;
    seen.push(focused);
  }
  throw new Error(`Tab never reached "${name}"; focus went through: ${seen.join(' | ')}`);
}

/** The name of the focused control (see FOCUSED_NAME). */
export function focusedName(page: Page): Promise<string> {
  return page.evaluate(FOCUSED_NAME) as Promise<string>;
}
