// Tape nodes with several outputs (the LSTM cell: h and c from one node with one backward):
// gradients through either output alone, through an input that alone needs a gradient, with an
// output released before backward, twice with retainGraph; and memory returned afterwards.
// The reference is the same step written from plain single-output ops, in float64.
import { describe, expect, it } from "vitest";
import { getBackend, liveTensorCount, lstmCell, scope, sigmoid, tanh, tensor, type BackendName, type Tensor } from "../src/index";
import { values } from "./helpers";

const B = 2, H = 3;

function lstmPlain(gates: Tensor, c: Tensor): { h: Tensor; c: Tensor } {
  const [i, f, g, o] = gates.split(H, 1);
  const cNew = sigmoid(f).mul(c).add(sigmoid(i).mul(tanh(g)));
  return { h: sigmoid(o).mul(tanh(cNew)), c: cNew };
}

type Cell = typeof lstmPlain;

/** Gradients of gates and c (null where not required) of loss(step(gates, c)). */
function grads(cell: Cell, loss: (s: { h: Tensor; c: Tensor }) => Tensor, needGates: boolean, needC: boolean, backend: BackendName = "js"): (number[] | null)[] {
  return scope(() => {
    const gates = tensor(values([B, 4 * H], 1), { shape: [B, 4 * H], backend, requiresGrad: needGates });
    const c = tensor(values([B, H], 2), { shape: [B, H], backend, requiresGrad: needC });
    loss(cell(gates, c)).backward();
    const out = [gates, c].map((t) => (t.grad ? Array.from(t.grad.data()) : null));
    // Leaves with requiresGrad outlive scopes (they are parameters): dispose them here.
    for (const t of [gates, c]) { t.grad?.dispose(); t.dispose(); }
    return out;
  });
}

function expectClose(a: (number[] | null)[], b: (number[] | null)[], tol: number): void {
  expect(a.map((x) => x === null)).toEqual(b.map((x) => x === null));
  a.forEach((x, k) => x?.forEach((v, i) => expect(Math.abs(v - b[k]![i])).toBeLessThan(tol)));
}

const weights = (shape: number[], seed: number) => tensor(values(shape, seed), { shape, backend: "js" });
const losses: Record<string, (s: { h: Tensor; c: Tensor }) => Tensor> = {
  "h only": (s) => s.h.mul(weights([B, H], 3)).sum(),
  "c only": (s) => s.c.mul(weights([B, H], 4)).sum(),
  "h and c": (s) => s.h.mul(s.c).add(s.c).sum(),
};

describe("multi-output tape nodes (lstmCell)", () => {
  it("h and c come from one node", () => {
    const g = tensor(values([B, 4 * H], 1), { shape: [B, 4 * H], requiresGrad: true });
    const s = lstmCell(g, tensor(values([B, H], 2), { shape: [B, H] }));
    expect([s.h.opName, s.c.opName]).toEqual(["lstmCell", "lstmCell"]);
    expect(s.h.isLeaf || s.c.isLeaf).toBe(false);
    for (const t of [s.h, s.c, g]) t.dispose();
  });

  for (const [name, loss] of Object.entries(losses)) {
    for (const [needGates, needC] of [[true, true], [true, false], [false, true]]) {
      it(`${name}, gradient for${needGates ? " gates" : ""}${needC ? " c" : ""}: equals the plain-op step`, () => {
        expectClose(grads(lstmCell, loss, needGates, needC), grads(lstmPlain, loss, needGates, needC), 1e-14);
      });
    }
  }

  it("adds to gradients its inputs already hold (gates used twice)", () => {
    const loss = (s: { h: Tensor; c: Tensor }) => s.h.sum().add(s.c.square().sum());
    const twice = (cell: Cell) => (gates: Tensor, c: Tensor) => {
      const first = cell(gates, c);
      const second = cell(gates, first.c);
      return { h: second.h.add(first.h), c: second.c };
    };
    expectClose(grads(twice(lstmCell), loss, true, true), grads(twice(lstmPlain), loss, true, true), 1e-14);
  });

  for (const backend of ["js", "wasm"] as const) {
    it(`an output released before backward (${backend}): the other still backpropagates, and memory is returned`, () => {
      const be = getBackend(backend);
      const run = (cell: Cell) => grads(cell, (s) => s.h.sum(), true, true, backend);
      run(lstmCell); // warm-up: the backward seed is allocated once per backend
      const live = liveTensorCount(), bytes = be.stats().bytesInUse;
      const viaScope = scope(() => {
        const gates = tensor(values([B, 4 * H], 1), { shape: [B, 4 * H], backend, requiresGrad: true });
        const c = tensor(values([B, H], 2), { shape: [B, H], backend, requiresGrad: true });
        // Only h leaves the scope: c is released when it ends; the node's saved gates must stay.
        const h = scope(() => lstmCell(gates, c).h);
        h.sum().backward();
        const out = [gates, c].map((t) => Array.from(t.grad!.data()));
        for (const t of [gates, c]) { t.grad!.dispose(); t.dispose(); }
        return out;
      });
      expectClose(viaScope, run(lstmPlain), backend === "js" ? 1e-14 : 1e-6);
      expect(liveTensorCount()).toBe(live);
      expect(be.stats().bytesInUse).toBe(bytes);
    });
  }

  it("runs twice with retainGraph (twice the gradient), then frees both outputs' graph", () => {
    scope(() => {
      const gates = tensor(values([B, 4 * H], 1), { shape: [B, 4 * H], backend: "js", requiresGrad: true });
      const s = lstmCell(gates, tensor(values([B, H], 2), { shape: [B, H], backend: "js" }));
      const loss = s.h.sum().add(s.c.sum());
      loss.backward(undefined, { retainGraph: true });
      const once = Array.from(gates.grad!.data());
      loss.backward();
      Array.from(gates.grad!.data()).forEach((v, i) => expect(v).toBeCloseTo(2 * once[i], 12));
      expect(() => s.c.sum().backward()).toThrow("already freed by an earlier backward()");
      gates.grad!.dispose();
      gates.dispose();
    });
  });
});
