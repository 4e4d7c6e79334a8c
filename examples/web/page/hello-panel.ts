/**
 * Panel 2: the "hello" char-RNN of the study notes. Reading "hell", it should say "ello"; the
 * table shows, after every training step, the probability it gives each next character (the
 * right one outlined), and the loss curve grows beside it. Then sample from it.
 */
import type { HelloResult } from "../../char-lm/hello-trainer.ts";
import { el, field, urlParam } from "./dom.ts";
import { throttledRedraw } from "./frame-scheduler.ts";
import { lineChart } from "./line-chart.ts";
import { Panel } from "./panel.ts";

type HelloStep = HelloResult & { learned: boolean };

export interface HelloPanelState {
  steps: HelloStep[];
  sample: string | null;
}

const INPUT = "hell";
const TARGET = "ello";

export function helloPanel(): { panel: Panel; state: HelloPanelState } {
  const panel = new Panel("hello", '"hello" char-RNN', 'Vocabulary h, e, l, o; a one-layer LSTM (8 units) reads "hell" and learns to predict "ello" — after the first l an l, after the second an o, which only the state can tell apart. Same model as `pnpm example:hello`.');
  const state: HelloPanelState = { steps: [], sample: null };
  const seed = el("input", { name: "seed", type: "number", value: urlParam("hello.seed") ?? 0 });
  const pace = el("input", { name: "paceMs", type: "number", value: urlParam("hello.paceMs") ?? 60 });
  const probabilities = el("div", { class: "probabilities" });
  const lossFigure = el("figure");
  const prompt = el("input", { name: "prompt", type: "text", value: "h" });
  const temperature = el("input", { name: "temperature", type: "number", step: "0.1", value: 1 });
  const sampleOut = el("div", { class: "status", "data-output": "sample" });

  const draw = () => {
    const last = state.steps[state.steps.length - 1];
    if (!last) return;
    const rows = last.probabilities.map((p, t) =>
      el(
        "tr",
        {},
        el("td", {}, INPUT.slice(0, t + 1)),
        ...p.map((v, k) => el("td", { style: `background: rgba(37, 99, 235, ${v.toFixed(3)}); color: ${v > 0.5 ? "#fff" : "#111"}; ${last.chars[k] === TARGET[t] ? "outline: 2px solid #16a34a; outline-offset: -2px;" : ""}` }, v.toFixed(3))),
        el("td", {}, last.predicted[t]),
      ),
    );
    probabilities.replaceChildren(
      el("table", { class: "results", "data-table": "hello-probabilities" }, el("thead", {}, el("tr", {}, el("th", {}, "input"), ...last.chars.map((c) => el("th", {}, `P(${c})`)), el("th", {}, "predicts"))), el("tbody", {}, ...rows)),
    );
    lossFigure.replaceChildren(lineChart({ title: "cross-entropy per step", xLabels: state.steps.map((s) => s.steps), xTitle: "step", series: [{ name: "loss", values: state.steps.map((s) => s.loss), color: "#2563eb" }], width: 420, height: 220 }));
    panel.status.textContent = `step ${last.steps}  loss ${last.loss.toFixed(4)}  predicts "${last.predicted}"${last.learned ? "  — learned" : ""}`;
  };
  const redraw = throttledRedraw(draw, 50);

  const pause = panel.pauseButton();
  panel.section.append(
    el(
      "div",
      { class: "controls" },
      field("seed", seed),
      field("ms per step", pace),
      panel.button("Train", () =>
        void panel.run("training", async () => {
          state.steps = [];
          await panel.worker.request("hello/train", { seed: Number(seed.value), paceMs: Number(pace.value) }, (s: HelloStep) => {
            state.steps.push(s);
            redraw();
          });
          draw();
        }), { name: "train" }),
      pause,
      panel.cancelButton(),
    ),
    panel.status,
    panel.error,
    el("div", { class: "charts" }, probabilities, lossFigure),
    el(
      "div",
      { class: "controls" },
      field("prompt", prompt),
      field("temperature", temperature),
      panel.button("Sample 20 characters", () =>
        void panel.run("sampling", async () => {
          state.sample = await panel.worker.request<string>("hello/sample", { prompt: prompt.value, length: 20, temperature: Number(temperature.value), seed: Date.now() % 100000 });
          sampleOut.textContent = `${prompt.value}|${state.sample}`;
        }), { secondary: true, name: "sample" }),
    ),
    sampleOut,
  );
  return { panel, state };
}
