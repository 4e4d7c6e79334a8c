/**
 * Panel 4: seq2seq with attention. Train the date model of `pnpm example:seq2seq` here (fewer
 * pairs and epochs by default, so it takes seconds) or load the checkpoint that command wrote;
 * then type a written date and get the ISO date and the attention heatmap behind it.
 */
import type { Translation } from "../../seq2seq/translate-date.ts";
import { el, field, urlParam } from "./dom.ts";
import { downloadBytes, fileBytes } from "./file-io.ts";
import { heatmap } from "./heatmap.ts";
import { lineChart } from "./line-chart.ts";
import { Panel } from "./panel.ts";

interface EpochReport {
  epochs: number;
  trainLoss: number;
  validationAccuracy: number;
}

export interface Seq2SeqPanelState {
  epochs: EpochReport[];
  testAccuracy: number | null;
  translation: Translation | null;
}

export function seq2seqPanel(): { panel: Panel; state: Seq2SeqPanelState } {
  const panel = new Panel("seq2seq", "Seq2seq with attention", "Written dates → ISO dates: a bidirectional GRU encoder, a GRU decoder with Luong attention, greedy decoding (the model of `pnpm example:seq2seq`). Train it here, or upload examples/seq2seq/out/seq2seq-attention.safetensors; then type a date.");
  const state: Seq2SeqPanelState = { epochs: [], testAccuracy: null, translation: null };
  const pairs = el("input", { name: "pairs", type: "number", value: urlParam("seq2seq.train") ?? 2000 });
  const epochs = el("input", { name: "epochs", type: "number", value: urlParam("seq2seq.epochs") ?? 6 });
  const text = el("input", { name: "date", type: "text", value: "Sunday, September 18, 2044" });
  const output = el("div", { class: "status", "data-output": "iso" });
  const curve = el("figure");
  const map = el("figure");
  const upload = el("input", { type: "file", accept: ".safetensors", name: "checkpoint" });

  const drawCurve = () =>
    curve.replaceChildren(lineChart({ title: "validation exact match per epoch", yRange: [0, 1], xLabels: state.epochs.map((_, i) => i + 1), xTitle: "epoch", series: [{ name: "exact match", values: state.epochs.map((e) => e.validationAccuracy), color: "#2563eb" }], width: 380, height: 220 }));

  const translate = () =>
    panel.run("decoding", async () => {
      const t = await panel.worker.request<Translation>("seq2seq/translate", { text: text.value });
      state.translation = t;
      output.textContent = `${text.value} → ${t.output}`;
      map.replaceChildren(t.attention ? heatmap(t.attention, t.inputTokens, t.outputTokens, `attention: "${text.value}" → "${t.output}"`) : el("p", {}, "(this model has no attention)"));
    });

  upload.addEventListener("change", () => {
    const file = upload.files?.[0];
    if (!file) return;
    void panel.run("loading", async () => {
      await panel.worker.request("seq2seq/load-bytes", { bytes: await fileBytes(file), source: file.name });
      panel.status.textContent = `loaded ${file.name}`;
    }).then(() => (panel.section.dataset.state === "done" ? translate() : undefined));
    upload.value = "";
  });

  panel.section.append(
    el(
      "div",
      { class: "controls" },
      field("training pairs", pairs),
      field("epochs", epochs),
      panel.button("Train", () =>
        void panel.run("training", async () => {
          state.epochs = [];
          const r = await panel.worker.request<{ testAccuracy: number; testPairs: number }>("seq2seq/train", { train: Number(pairs.value), test: 500, epochs: Number(epochs.value), seed: 7 }, (e: EpochReport) => {
            state.epochs.push(e);
            panel.status.textContent = `epoch ${state.epochs.length}/${e.epochs}: loss ${e.trainLoss.toFixed(3)}, validation exact match ${(100 * e.validationAccuracy).toFixed(1)} %`;
            drawCurve();
          });
          state.testAccuracy = r.testAccuracy;
          panel.status.textContent = `held-out exact match ${(100 * r.testAccuracy).toFixed(1)} % on ${r.testPairs} dates never seen in training`;
        }).then(() => (panel.section.dataset.state === "done" ? translate() : undefined)), { name: "train" }),
      panel.cancelButton(),
      panel.button("Download .safetensors", () => void panel.run("download", async () => downloadBytes(await panel.worker.request<Uint8Array>("seq2seq/checkpoint"), "seq2seq-attention.safetensors")), { secondary: true, name: "download" }),
      field("upload a checkpoint", upload),
    ),
    panel.status,
    panel.error,
    el("div", { class: "controls" }, field("written date", text), panel.button("To ISO", () => void translate(), { name: "translate" })),
    output,
    el("div", { class: "charts" }, map, curve),
  );
  return { panel, state };
}
