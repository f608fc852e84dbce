import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { expect } from 'vitest';

/**
 * Checks the web pages' journeys share: axe-core (the npm package, evaluated in the page through the
 * DevTools protocol, which the page's CSP does not govern, so the page keeps its real policy), no
 * horizontal scrolling, and screenshots for a person under .local/screens/.
 */
const axeSource: string = createRequire(import.meta.url)('axe-core').source;

export const chromiumPath =
  process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find(existsSync);

const shots = join(import.meta.dirname, '../../.local/screens');

export interface AxeSummary {
  screen: string;
  violations: { id: string; impact: string | null; nodes: number; help: string; targets: string[] }[];
}
/** Every screen checked in this process, for the report the test files print. */
export const axeLog: AxeSummary[] = [];

/**
 * Runs axe-core (WCAG 2.0–2.2 A and AA rules and best practices) and fails on a serious or critical one. A
 * frame (an embedded widget's document) is checked the same way, in its own document.
 */
export async function expectAccessible(page: Page | Frame, screen: string): Promise<void> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(axeSource);
  const result = (await page.evaluate(() =>
    (globalThis as unknown as { axe: { run(o: unknown): Promise<unknown> } }).axe.run({
      runOnly: {
        type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'],
      },
    }),
  )) as {
    violations: {
      id: string;
      impact: string | null;
      help: string;
      nodes: { target: string[] }[];
    }[];
  };
  const violations = result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.length,
    targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
  }));
  axeLog.push({ screen, violations });
  expect(
    violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'),
    `axe on ${screen}`,
  ).toEqual([]);
}

/** The page never scrolls sideways (the viewport's width holds everything). */
export async function expectNoHorizontalScroll(page: Page, screen: string): Promise<void> {
  const { scroll, width } = (await page.evaluate(
    '({ scroll: document.scrollingElement.scrollWidth, width: innerWidth })',
  )) as { scroll: number; width: number };
  expect(scroll, `horizontal scroll on ${screen}`).toBeLessThanOrEqual(width);
}

/**
 * Full-page screenshots at 360 and 1280 pixels wide, each width also checked for horizontal scrolling; the
 * viewport is put back afterwards.
 */
export async function screenshots(page: Page, name: string): Promise<void> {
  mkdirSync(shots, { recursive: true });
  const before = page.viewportSize() ?? { width: 360, height: 740 };
  for (const width of [360, 1280]) {
    await page.setViewportSize({ width, height: width === 360 ? 740 : 900 });
    await expectNoHorizontalScroll(page, `${name} at ${width} px`);
    await page.screenshot({ path: join(shots, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize(before);
}

/** All three checks of one screen (at the page's own viewport, then at 360 and 1280 px). */
export async function checkScreen(page: Page, name: string): Promise<void> {
  await expectNoHorizontalScroll(page, name);
  await expectAccessible(page, name);
  await screenshots(page, name);
}

/** Prints the axe-core findings of a file's screens (the assertions are per screen, in `checkScreen`). */
export function reportAxe(pages: string): void {
  const found = axeLog.flatMap((a) =>
    a.violations.map((v) => `${a.screen}: ${v.id} (${v.impact}, ${v.nodes})`),
  );
  console.info(
    `axe-core: ${axeLog.length} ${pages} screens, ${found.length} findings (none serious or critical)`,
    found,
  );
}
