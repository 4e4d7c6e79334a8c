// Opt-in debugging aids: the leak check warns once, naming the ops, when tensors survive step after
// step; anomaly mode names the first op whose gradient is NaN/±∞.
import { afterEach, describe, expect, it } from "vitest";
import { detectAnomaly, scope, tensor, trackLeaks } from "../src/index";
import { Linear, mseLoss, SGD } from "@tapegrad/nn";

const backend = "js" as const;

describe("trackLeaks", () => {
  const train = (steps: number, scoped: boolean): string[] => {
    const warnings: string[] = [];
    const stop = trackLeaks({ onLeak: (m) => warnings.push(m) });
    try {
      const layer = new Linear(4, 2, { backend });
      const opt = new SGD(layer.parameters(), 0.01);
      const x = tensor([[1, 2, 3, 4]], { backend });
      const y = tensor([[0, 1]], { backend });
      const step = (): void => {
        opt.zeroGrad();
        mseLoss(layer.forward(x).tanh(), y).backward();
        opt.step();
      };
      for (let i = 0; i < steps; i++) if (scoped) scope(step); else step();
    } finally {
      stop();
    }
    return warnings;
  };

  it("warns once when a forgotten scope() leaks every step, naming the ops and scope()", () => {
    const warnings = train(10, false);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^tapegrad: possible tensor leak: live tensors grew for 3 optimizer steps in a row \(now \d+\); \d+ tensors made during the last step are still alive, made by: .*(linear|tanh|sub).*Wrap each training step in scope/);
    expect(warnings[0]).toContain("tanh ×1");
  });

  it("says nothing when each step is scoped", () => {
    expect(train(10, true)).toEqual([]);
  });
});

describe("detectAnomaly", () => {
  afterEach(() => detectAnomaly(false));

  it("backward names the first op whose gradient became NaN, and where it ran", () => {
    const x = tensor([0, 1], { requiresGrad: true, backend });
    detectAnomaly();
    const y = x.sqrt().mul(tensor([0, 1], { backend })).sum(); // d sqrt(x)/dx = ∞ at 0, times 0 → NaN
    expect(() => y.backward()).toThrow(/^backward: anomaly detected: the gradient that sqrt computed for its input 0 \(shape \[2\], a leaf\) has (NaN|Infinity) at element 0; the sqrt ran at:\n.*debug\.test\.ts/s);
  });

  it("is off by default: the same backward gives NaN without an error", () => {
    const x = tensor([0, 1], { requiresGrad: true, backend });
    x.sqrt().mul(tensor([0, 1], { backend })).sum().backward();
    expect(Number.isNaN(x.grad!.data()[0])).toBe(true);
  });
});
