// The playground's runtime in Chromium served WITHOUT cross-origin isolation: the page reports
// the fallback (one thread, no SharedArrayBuffer) and still trains; pause, resume and cancel
// reach the worker; and @tapegrad/nn's IndexedDB API round-trips a model in a real page.
import { build } from "esbuild";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Playground, type PlaygroundPage, clickAndWait } from "./support/playground.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
const epochsSeen = (p: PlaygroundPage) => p.page.evaluate(() => (window as unknown as { playground: { weather: { epochs: unknown[] } } }).playground.weather.epochs.length);

describe("playground without cross-origin isolation", () => {
  let playground: Playground;
  beforeAll(async () => {
    playground = await Playground.start({ isolation: false });
  });
  afterAll(() => playground?.close());

  it("falls back to one thread and still trains", async () => {
    const tab = await playground.open({ "weather.epochs": "2" });
    const runtime = await tab.page.evaluate(() => (window as unknown as { playground: { runtime: { threads: number; crossOriginIsolated: boolean; sharedArrayBuffer: boolean } } }).playground.runtime);
    expect(runtime).toMatchObject({ threads: 1, crossOriginIsolated: false, sharedArrayBuffer: false });
    expect(await tab.page.textContent("#runtime")).toContain("threads: 1");
    expect(await clickAndWait(tab.page, "weather", "train")).toBe("done");
    expect(await epochsSeen(tab)).toBe(2);
    // The speed panel says why it stays on one thread.
    await tab.page.click('nav button[data-panel="speed"]');
    await tab.page.goto(`${playground.server.url}?panel=speed&speed.tasks=SimpleRNN%20small&speed.roundMs=10`);
    await tab.page.waitForFunction(() => (window as unknown as { playground?: { runtime?: unknown } }).playground?.runtime !== undefined);
    expect(await clickAndWait(tab.page, "speed", "measure", 120_000)).toBe("done");
    expect(await tab.page.evaluate(() => (window as unknown as { playground: { speed: { threads: number; threadedMatmul: unknown } } }).playground.speed)).toMatchObject({ threads: 1, threadedMatmul: null });
    expect(await tab.page.textContent("#panel-speed")).toContain("One thread: this page is not cross-origin isolated");
    expect(tab.problems).toEqual([]);
    await tab.page.context().close();
  });

  it("pauses, resumes and cancels training in the worker", async () => {
    const tab = await playground.open({ "weather.epochs": "500", "weather.patience": "500" });
    await tab.page.click('#panel-weather button[data-action="train"]');
    await tab.page.waitForFunction(() => (window as unknown as { playground: { weather: { epochs: unknown[] } } }).playground.weather.epochs.length >= 1);
    await tab.page.click('#panel-weather button[data-action="pause"]');
    await tab.page.waitForFunction(() => document.querySelector('#panel-weather button[data-action="pause"]')?.textContent === "Resume");
    const atPause = await epochsSeen(tab);
    await tab.page.waitForTimeout(600); // several epochs' time
    expect(await epochsSeen(tab)).toBeLessThanOrEqual(atPause + 1); // at most the epoch in flight finishes
    const paused = await epochsSeen(tab);
    await tab.page.click('#panel-weather button[data-action="pause"]'); // now "Resume"
    await tab.page.waitForFunction((n) => (window as unknown as { playground: { weather: { epochs: unknown[] } } }).playground.weather.epochs.length > n, paused);
    await tab.page.click('#panel-weather button[data-action="cancel"]');
    await tab.page.waitForFunction(() => document.querySelector("#panel-weather")?.getAttribute("data-state") === "cancelled");
    expect(await tab.page.textContent("#panel-weather .status")).toContain("cancelled");
    // The worker is free again: a short run completes.
    await tab.page.fill('#panel-weather input[name="epochs"]', "1");
    expect(await clickAndWait(tab.page, "weather", "train")).toBe("done");
    expect(tab.problems).toEqual([]);
    await tab.page.context().close();
  });

  it("@tapegrad/nn saves a model to IndexedDB and loads it into another, in a page", async () => {
    const tab = await playground.open();
    const bundled = await build({
      stdin: {
        contents: `
          import { Generator, tensor } from "@tapegrad/autograd";
          import { LSTM, saveToIndexedDB, loadFromIndexedDB, listIndexedDB, deleteFromIndexedDB } from "@tapegrad/nn";
          globalThis.idbResult = (async () => {
            const a = new LSTM(3, 5, { generator: new Generator(1) });
            const b = new LSTM(3, 5, { generator: new Generator(2) });
            const x = tensor(Array.from({ length: 12 }, (_, i) => Math.cos(i)), { shape: [2, 2, 3] });
            await saveToIndexedDB(a, "test/lstm", { metadata: { note: "hi" } });
            const keys = await listIndexedDB();
            const { metadata } = await loadFromIndexedDB(b, "test/lstm");
            const same = Array.from(a.forward(x).output.data()).join() === Array.from(b.forward(x).output.data()).join();
            let wrongSize = "", missing = "";
            try { await loadFromIndexedDB(new LSTM(3, 4), "test/lstm"); } catch (e) { wrongSize = e.message; }
            await deleteFromIndexedDB("test/lstm");
            try { await loadFromIndexedDB(b, "test/lstm"); } catch (e) { missing = e.message; }
            return { keys, metadata, same, wrongSize, missing };
          })();`,
        resolveDir: root,
        loader: "ts",
      },
      bundle: true,
      platform: "browser",
      format: "iife",
      write: false,
      logLevel: "silent",
    });
    await tab.page.evaluate(bundled.outputFiles[0].text);
    const r = await tab.page.evaluate(() => (globalThis as unknown as { idbResult: Promise<unknown> }).idbResult);
    expect(r).toMatchObject({ keys: ["test/lstm"], metadata: { note: "hi" }, same: true });
    const { wrongSize, missing } = r as { wrongSize: string; missing: string };
    expect(wrongSize).toContain("loadCheckpoint: indexeddb://test/lstm: Error(s) in loading state_dict for LSTM:\n\tsize mismatch for weight_ih_l0");
    expect(missing).toBe('loadBytesFromIndexedDB: no checkpoint under "test/lstm" in IndexedDB "tapegrad"; stored: none');
    expect(tab.problems).toEqual([]);
    await tab.page.context().close();
  });
});
