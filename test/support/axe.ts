// axe-core in a Playwright page: injected through the DevTools protocol (page.evaluate is not bound by the
// page's CSP, unlike a <script> tag), run over the whole document, violations as short lines.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeFinding {
  id: string;
  impact: string | null;
  help: string;
  /** CSS selectors of the offending nodes (the first few). */
  nodes: string[];
}

/** Every axe violation on the page as it is now (WCAG 2.x A and AA rules and axe's best practices). */
export async function axeViolations(page: Page): Promise<AxeFinding[]> {
  await page.evaluate(`if (!window.axe) { ${axeSource} }`);
  // A string, run in the page: this file is compiled without the DOM's types.
  return page.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((result) =>
    result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) })))`) as Promise<AxeFinding[]>;
}

/** The violations a screen must not have: serious and critical ones. */
export async function seriousViolations(page: Page): Promise<AxeFinding[]> {
  return (await axeViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
