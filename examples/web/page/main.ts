/**
 * The playground page: a tab per panel, each with its own training worker, and a line saying
 * what this browser gave the library (kernel build, threads, cross-origin isolation). The page
 * thread only draws; everything numeric happens in workers. `?panel=ID` opens a panel.
 */
import type { RuntimeInfo } from "../worker/runtime-job.ts";
import { el, urlParam } from "./dom.ts";
import type { Panel } from "./panel.ts";
import { helloPanel } from "./hello-panel.ts";
import { longMemoryPanel } from "./long-memory-panel.ts";
import { seq2seqPanel } from "./seq2seq-panel.ts";
import { speedPanel } from "./speed-panel.ts";
import { weatherPanel } from "./weather-panel.ts";
import { TrainingWorker } from "./worker-client.ts";

declare global {
  interface Window {
    /** Panel state for people poking in devtools and for the browser tests. */
    playground: Record<string, unknown>;
  }
}

const weather = weatherPanel();
const hello = helloPanel();
const memory = longMemoryPanel();
const seq2seq = seq2seqPanel();
const speed = speedPanel();
const panels: Panel[] = [weather.panel, hello.panel, memory.panel, seq2seq.panel, speed.panel];
// job(name, params) runs any worker job (worker/jobs.ts) on a worker of its own, for the browser
// tests to drive the library directly (e.g. "threads/data-parallel"); it rejects with the job's error text.
let hooks: TrainingWorker | null = null;
const job = (name: string, params: unknown = {}): Promise<unknown> => (hooks ??= new TrainingWorker("hooks")).request(name, params);
window.playground = { weather: weather.state, hello: hello.state, memory: memory.state, seq2seq: seq2seq.state, speed: speed.state, job };

const nav = document.getElementById("nav")!;
const main = document.getElementById("panels")!;
function open(id: string): void {
  for (const p of panels) p.section.hidden = p.id !== id;
  for (const b of Array.from(nav.querySelectorAll("button"))) b.setAttribute("aria-selected", String(b.dataset.panel === id));
}
for (const p of panels) {
  nav.append(el("button", { type: "button", "data-panel": p.id, on: { click: () => open(p.id) } }, p.section.querySelector("h2")!.textContent!));
  main.append(p.section);
}
open(panels.some((p) => p.id === urlParam("panel")) ? urlParam("panel")! : panels[0].id);

const runtime = document.getElementById("runtime")!;
weather.panel.worker.request<RuntimeInfo>("runtime/info").then(
  (info) => {
    window.playground.runtime = info;
    runtime.dataset.build = info.build;
    runtime.dataset.threads = String(info.threads);
    runtime.textContent = `kernels: ${info.build === "relaxed" ? "relaxed SIMD" : info.build === "simd" ? "SIMD128" : "scalar"} build · threads: ${info.threads} · ${info.crossOriginIsolated ? "cross-origin isolated" : "not cross-origin isolated (one thread)"}`;
  },
  (err: Error) => {
    runtime.textContent = `the training worker failed: ${err.message}`;
    runtime.classList.add("error");
  },
);
