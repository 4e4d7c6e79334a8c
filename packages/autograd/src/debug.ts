// Opt-in debugging aids, both off by default at the cost of one null/boolean test where they hook in.
// trackLeaks(): tfjs users' most common complaint is tensors leaking despite tidy(); here a
// forgotten scope() leaked ~0.5 MB per step silently until WebAssembly memory ran out thousands of
// steps later. With tracking on, every optimizer step counts the tensors made during the previous
// step that are still alive; when survivors keep appearing step after step it warns once, naming
// the ops that made them. detectAnomaly(): PyTorch's anomaly mode — backward checks each op's
// gradients and names the first op whose gradient became NaN or ±∞, with where that op ran.
import { checkOptions, type OptionSpec } from "./options";
import { state, type Tensor } from "./tensor";

export interface LeakTrackingOptions {
  /** Consecutive optimizer steps with survivors before warning (default 3). */
  steps?: number;
  /** Where the warning goes (default console.warn). */
  onLeak?: (message: string) => void;
}

interface Tracker {
  steps: number;
  onLeak: (message: string) => void;
  streak: number;
  warned: boolean;
  lastLive: number;
  survivors: Map<string, number>;
}

let tracker: Tracker | null = null;

const LEAK_OPTIONS: OptionSpec<LeakTrackingOptions> = { steps: "integer", onLeak: (v) => (typeof v === "function" ? null : "must be a function") };

/** Starts watching for tensors that survive optimizer step after step; returns a function that stops it. */
export function trackLeaks(opts: LeakTrackingOptions = {}): () => void {
  const options = checkOptions("trackLeaks", opts, LEAK_OPTIONS);
  tracker = { steps: options.steps ?? 3, onLeak: options.onLeak ?? ((m) => console.warn(m)), streak: 0, warned: false, lastLive: state.live, survivors: new Map() };
  state.tracking = [];
  return () => {
    tracker = null;
    state.tracking = null;
  };
}

/** Called by optimizers at every step (a no-op unless trackLeaks() is on). */
export function noteOptimizerStep(): void {
  const t = tracker;
  const made = state.tracking;
  if (t === null || made === null) return;
  state.tracking = [];
  // Tensors made since the previous step that are still alive now: the step's intermediates are
  // released by the end of a scope() that wraps the step, so survivors are leaks.
  let count = 0;
  const byOp = new Map<string, number>();
  for (const x of made) {
    if (x.isDisposed || x._isGrad) continue;
    count++;
    const name = opNames.get(x) ?? "a tensor without history (tensor, zeros, randn, detach, …)";
    byOp.set(name, (byOp.get(name) ?? 0) + 1);
  }
  const grew = state.live > t.lastLive;
  t.lastLive = state.live;
  if (count === 0 || !grew) { t.streak = 0; return; }
  t.streak++;
  t.survivors = byOp;
  if (t.streak < t.steps || t.warned) return;
  t.warned = true;
  const top = [...byOp].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([op, n]) => `${op} ×${n}`).join(", ");
  t.onLeak(
    `tapegrad: possible tensor leak: live tensors grew for ${t.steps} optimizer steps in a row (now ${state.live}); ` +
      `${count} tensors made during the last step are still alive, made by: ${top}. ` +
      "Wrap each training step in scope(() => { … }) (or dispose() what you keep) so its intermediates are released.",
  );
}

const traces = new WeakMap<Tensor, string>();
/** The op that made a tensor (its _op becomes "(freed)" after backward). */
const opNames = new WeakMap<Tensor, string>();

/** Turns PyTorch-style anomaly detection on (or off): backward names the first op whose gradient is NaN or ±∞. */
export function detectAnomaly(enabled = true): void {
  state.anomaly = enabled;
}

/** Remembers which op made `out` and, in anomaly mode, where it ran (debugging aids only). */
export function noteForward(out: Tensor, op: string): void {
  opNames.set(out, op);
  if (!state.anomaly) return;
  const stack = new Error().stack ?? "";
  // Drop the frames inside autograd itself: the first line is "Error", then record() and the op.
  traces.set(out, stack.split("\n").slice(3, 9).join("\n"));
}

/** After `node`'s rule ran: throws if a gradient it produced is not finite (anomaly mode only). */
export function checkGradients(node: Tensor, inputs: readonly Tensor[]): void {
  for (let j = 0; j < inputs.length; j++) {
    const x = inputs[j];
    if (!x._requiresGrad) continue;
    const store = x._op === null ? (x.grad === null ? null : x.grad._store) : x._gbuf;
    if (store === null) continue;
    const v = x.backend.view(store);
    for (let i = 0; i < v.length; i++) {
      if (Number.isFinite(v[i])) continue;
      const trace = traces.get(node);
      throw new Error(
        `backward: anomaly detected: the gradient that ${node._op!.name} computed for its input ${j} ` +
          `(shape [${x.shape.join(", ")}], ${x._op !== null ? `made by ${x._op.name}` : "a leaf"}) has ${v[i]} at element ${i}` +
          (trace ? `; the ${node._op!.name} ran at:\n${trace}` : ""),
      );
    }
  }
}

/** Anomaly mode and leak tracking from the environment: TAPEGRAD_DEBUG=leaks,anomaly. */
export function debugFromEnvironment(): void {
  const env = typeof process !== "undefined" ? process.env?.TAPEGRAD_DEBUG : undefined;
  if (!env) return;
  const flags = env.split(",").map((s) => s.trim());
  if (flags.includes("leaks")) trackLeaks();
  if (flags.includes("anomaly")) detectAnomaly();
}
