// Headless Chromium from Debian's package (`/usr/bin/chromium`, or CHROMIUM_PATH), driven by
// playwright-core; Playwright's own browser download is not used. --no-sandbox because CI runs as
// root, where Chromium's sandbox refuses to start.
import { type Browser, chromium } from "playwright-core";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Starts headless Chromium with the flags CI needs. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}
