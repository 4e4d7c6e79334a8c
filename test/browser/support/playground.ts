// One playground for a browser test file: the bundle built once, the server on a free port,
// Chromium, and pages that record console errors, uncaught errors, unhandled rejections and
// long tasks (PerformanceObserver 'longtask', in the page) so each test can assert on them.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { WEB_DIR, buildPlayground } from "../../../examples/web/build.ts";
import { type PlaygroundServer, startPlaygroundServer } from "../../../examples/web/server.ts";
import { launchChromium } from "../../../examples/web/chromium.ts";

export const SCREENSHOT_DIR = join(WEB_DIR, "out");

let built: Promise<number> | null = null;

export interface PlaygroundPage {
  page: Page;
  /** Console errors, uncaught exceptions and unhandled rejections, in order. */
  problems: string[];
  /** Long tasks (> 50 ms) on the page's main thread: [startTime, duration] in page milliseconds. */
  longTasks(): Promise<[number, number][]>;
  /** performance.now() in the page. */
  now(): Promise<number>;
}

export class Playground {
  private constructor(readonly server: PlaygroundServer, readonly browser: Browser) {}

  static async start(opts: { isolation?: boolean } = {}): Promise<Playground> {
    built ??= buildPlayground();
    await built;
    const [server, browser] = await Promise.all([startPlaygroundServer({ port: 0, isolation: opts.isolation }), launchChromium()]);
    return new Playground(server, browser);
  }

  /** Opens the playground with URL parameters (e.g. { panel: "hello" }). */
  async open(params: Record<string, string> = {}, opts: { acceptDownloads?: boolean; sameStorageAs?: PlaygroundPage } = {}): Promise<PlaygroundPage> {
    // A new context is a new profile (its own IndexedDB); sameStorageAs opens a tab beside another.
    const context = opts.sameStorageAs?.page.context() ?? (await this.browser.newContext({ acceptDownloads: opts.acceptDownloads ?? false, viewport: { width: 1200, height: 900 } }));
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(`console error: ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`uncaught: ${e.message}`));
    await page.addInitScript(() => {
      const w = window as unknown as { __longTasks: [number, number][] };
      w.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__longTasks.push([e.startTime, e.duration]);
      }).observe({ type: "longtask", buffered: true });
      window.addEventListener("unhandledrejection", (e) => console.error(`unhandled rejection: ${e.reason instanceof Error ? e.reason.message : String(e.reason)}`));
    });
    await page.goto(`${this.server.url}?${new URLSearchParams(params)}`);
    await page.waitForFunction(() => (window as unknown as { playground?: { runtime?: unknown } }).playground?.runtime !== undefined, null, { timeout: 90_000 });
    return {
      page,
      problems,
      longTasks: () => page.evaluate(() => (window as unknown as { __longTasks: [number, number][] }).__longTasks),
      now: () => page.evaluate(() => performance.now()),
    };
  }

  async close(): Promise<void> {
    await this.browser.close();
    await this.server.close();
  }
}

/** Waits until a panel's job is over (data-state leaves "busy"); returns the state it ended in. */
export async function waitIdle(page: Page, panel: string, timeout = 90_000): Promise<string> {
  const selector = `#panel-${panel}`;
  await page.waitForFunction((s) => document.querySelector(s)?.getAttribute("data-state") !== "busy", selector, { timeout });
  return (await page.getAttribute(selector, "data-state")) ?? "";
}

/** Clicks a panel's button and waits for the job it starts. */
export async function clickAndWait(page: Page, panel: string, action: string, timeout?: number): Promise<string> {
  // The click handler sets data-state="busy" synchronously, so waiting for it to leave busy is safe.
  await page.click(`#panel-${panel} button[data-action="${action}"]`);
  return waitIdle(page, panel, timeout);
}

/** Writes a screenshot of one panel to examples/web/out/NAME.png. */
export async function screenshotPanel(page: Page, panel: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${panel}.png`);
  await page.locator(`#panel-${panel}`).screenshot({ path });
  return path;
}
