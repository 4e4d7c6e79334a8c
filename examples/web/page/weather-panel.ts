/**
 * Panel 1: the Neural Weather Forecaster of `pnpm start`, trained in a worker with the same
 * settings: live loss per epoch, then the 2015 forecast against the actual temperatures and
 * persistence, and the MAE table. Download / upload .safetensors; save / load in IndexedDB.
 */
import { DEFAULT_MODEL_CONFIG, type ModelConfig } from "../../weather/model-config.ts";
import type { WeatherEpoch, WeatherEvaluation } from "../worker/weather-job.ts";
import { el, field, table, urlParam } from "./dom.ts";
import { downloadBytes, fileBytes } from "./file-io.ts";
import { throttledRedraw } from "./frame-scheduler.ts";
import { lineChart } from "./line-chart.ts";
import { Panel } from "./panel.ts";

const INDEXEDDB_KEY = "weather-forecaster";
const NUMBER_FIELDS = ["hidden", "layers", "epochs", "patience", "lr", "batch", "seed"] as const;

/** Results for people (the page) and for the browser tests (window.playground.weather). */
export interface WeatherPanelState {
  epochs: WeatherEpoch[];
  evaluation: WeatherEvaluation | null;
}

export function weatherPanel(): { panel: Panel; state: WeatherPanelState } {
  const panel = new Panel(
    "weather",
    "Neural Weather Forecaster",
    "Seattle daily weather 2012–2015 (vega-datasets, bundled): an LSTM reads 14 days and forecasts tomorrow's maximum temperature. Same model, data, split and settings as `pnpm start`; early stopping on Oct–Dec 2014; scored on 2015.",
  );
  const state: WeatherPanelState = { epochs: [], evaluation: null };
  const inputs = new Map<string, HTMLInputElement>();
  const cell = el("select", { name: "cell" }, el("option", { value: "lstm" }, "LSTM"), el("option", { value: "gru" }, "GRU"));
  cell.value = urlParam("weather.cell") ?? DEFAULT_MODEL_CONFIG.cell;
  const fields: HTMLElement[] = [field("cell", cell)];
  for (const name of NUMBER_FIELDS) {
    const input = el("input", { name, type: "number", step: name === "lr" ? "0.0005" : "1", value: urlParam(`weather.${name}`) ?? DEFAULT_MODEL_CONFIG[name] });
    inputs.set(name, input);
    fields.push(field(name, input));
  }
  const config = (): Partial<ModelConfig> => ({ cell: cell.value as ModelConfig["cell"], ...Object.fromEntries(NUMBER_FIELDS.map((n) => [n, Number(inputs.get(n)!.value)])) });

  const lossFigure = el("figure", { class: "loss-chart" });
  const forecastFigure = el("figure", { class: "forecast-chart" });
  const results = el("div", { class: "results" });

  const drawLoss = () => {
    const e = state.epochs;
    lossFigure.replaceChildren(
      lineChart({
        title: "loss per epoch (MSE, normalised)",
        xLabels: e.map((p) => p.epoch),
        xTitle: "epoch",
        series: [
          { name: "train", values: e.map((p) => p.trainLoss), color: "#2563eb" },
          { name: "validation", values: e.map((p) => p.validationLoss), color: "#dc2626" },
        ],
      }),
    );
  };

  let latest: WeatherEpoch | null = null;
  const redraw = throttledRedraw(() => {
    drawLoss();
    const p = latest;
    if (p && panel.section.dataset.state === "busy") {
      panel.status.textContent = `epoch ${p.epoch}/${p.epochs}  loss ${p.trainLoss.toFixed(4)}  val MAE ${p.validationMae.toFixed(3)} °C  ${p.stepsPerSecond.toFixed(0)} steps/s`;
    }
  });

  const show = (ev: WeatherEvaluation) => {
    state.evaluation = ev;
    const colors: Record<string, string> = { persistence: "#9ca3af", climatology: "#16a34a" };
    forecastFigure.replaceChildren(
      lineChart({
        title: `Seattle 2015 daily max temperature: ${ev.model} vs persistence`,
        width: 1000,
        height: 300,
        xLabels: ev.dates.map((d) => d.slice(5)),
        yTitle: "°C",
        series: [
          { name: "actual", values: ev.actual, color: "#111827" },
          { name: ev.model, values: ev.forecasts[ev.model], color: "#2563eb" },
          { name: "persistence", values: ev.forecasts.persistence, color: colors.persistence, dashed: true },
        ],
      }),
    );
    const best = ev.bestEpoch ? `, kept epoch ${ev.bestEpoch} of ${ev.epochsRun} (${ev.seconds?.toFixed(1)} s)` : "";
    results.replaceChildren(
      el("p", {}, `2015, ${ev.actual.length} days${best}:`),
      table(["forecast", "MAE °C", "RMSE °C"], ev.rows.map((r) => [r.name, r.mae.toFixed(3), r.rmse.toFixed(3)]), { "data-table": "weather-mae" }),
    );
  };

  const train = (continueTraining: boolean) =>
    panel.run("training", async () => {
      state.epochs = [];
      drawLoss();
      const ev = await panel.worker.request<WeatherEvaluation>("weather/train", { config: config(), continue: continueTraining }, (p: WeatherEpoch) => {
        state.epochs.push(p);
        latest = p;
        redraw();
      });
      drawLoss();
      show(ev);
      panel.status.textContent = `trained ${ev.model}: 2015 MAE ${ev.rows[0].mae.toFixed(3)} °C (persistence ${ev.rows.find((r) => r.name === "persistence")!.mae.toFixed(3)})`;
    });

  const loaded = (what: string) => (ev: WeatherEvaluation) => {
    show(ev);
    panel.status.textContent = `${what}: ${ev.model}, 2015 MAE ${ev.rows[0].mae.toFixed(3)} °C`;
  };

  const upload = el("input", { type: "file", accept: ".safetensors", name: "checkpoint" });
  upload.addEventListener("change", () => {
    const file = upload.files?.[0];
    if (!file) return;
    void panel.run("loading", async () => {
      loaded(`loaded ${file.name}`)(await panel.worker.request<WeatherEvaluation>("weather/load-bytes", { bytes: await fileBytes(file), source: file.name, config: config() }));
    });
    upload.value = "";
  });

  const pause = panel.pauseButton((paused) => {
    if (paused) panel.status.textContent += "  (paused)";
  });
  panel.section.append(
    el("div", { class: "controls" }, ...fields),
    el(
      "div",
      { class: "controls" },
      panel.button("Train", () => void train(false), { name: "train" }),
      panel.button("Continue training", () => void train(true), { secondary: true, name: "continue" }),
      pause,
      panel.cancelButton(),
      panel.button("Download .safetensors", () => void panel.run("download", async () => downloadBytes(await panel.worker.request<Uint8Array>("weather/checkpoint"), "forecaster.safetensors")), { secondary: true, name: "download" }),
      panel.button("Save to IndexedDB", () => void panel.run("save", async () => {
        await panel.worker.request("weather/save-indexeddb", { key: INDEXEDDB_KEY });
        panel.status.textContent = `saved to indexeddb://${INDEXEDDB_KEY}`;
      }), { secondary: true, name: "save-idb" }),
      panel.button("Load from IndexedDB", () => void panel.run("load", async () => loaded(`loaded indexeddb://${INDEXEDDB_KEY}`)(await panel.worker.request<WeatherEvaluation>("weather/load-indexeddb", { key: INDEXEDDB_KEY, config: config() }))), { secondary: true, name: "load-idb" }),
      field("upload .safetensors (forecast, then continue)", upload),
    ),
    panel.status,
    panel.error,
    el("div", { class: "charts" }, lossFigure, results),
    forecastFigure,
  );
  drawLoss();
  return { panel, state };
}
