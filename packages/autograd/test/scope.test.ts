// Memory: scopes release intermediates but keep what a returned graph still needs; a long
// training loop stays flat in WebAssembly memory and live tensor count.
import { describe, expect, it } from "vitest";
import { getBackend, liveTensorCount, noGrad, randn, scope, tensor, zeroGrad, Generator, type Tensor } from "../src/index";

const stats = () => getBackend("wasm").stats();

describe("scope", () => {
  it("releases intermediates, keeps returned values, parameters and gradients", () => {
    const before = liveTensorCount();
    const w = tensor([1, 2, 3], { requiresGrad: true });
    const { kept, item } = scope(() => {
      const a = w.mul(2);
      const b = a.tanh();
      const loss = b.sum();
      loss.backward();
      return { kept: [a.detach()], item: loss.item() };
    });
    expect(item).toBeCloseTo(Math.tanh(2) + Math.tanh(4) + Math.tanh(6), 5);
    expect(kept[0].isDisposed).toBe(false);
    expect(w.grad).not.toBeNull();
    expect(liveTensorCount()).toBe(before + 3);
    kept[0].dispose(); w.grad!.dispose(); w.dispose();
    expect(liveTensorCount()).toBe(before);
  });

  it("keeps what a returned graph needs until backward has run", () => {
    const before = liveTensorCount();
    const w = tensor([0.5, -1], { requiresGrad: true });
    const loss = scope(() => w.tanh().mul(w).exp().sum());
    // tanh, mul and exp outputs are saved for backward and must still be alive.
    expect(liveTensorCount()).toBe(before + 2 + 3);
    loss.backward();
    expect(liveTensorCount()).toBe(before + 3); // w, w.grad, loss
    const t = Math.tanh(0.5);
    expect(w.grad!.data()[0]).toBeCloseTo(Math.exp(t * 0.5) * ((1 - t * t) * 0.5 + t), 5);
    loss.dispose(); w.grad!.dispose(); w.dispose();
    expect(liveTensorCount()).toBe(before);
  });

  it("releases a returned graph's intermediates when the result is disposed without backward", () => {
    const before = liveTensorCount();
    const bytes = stats().bytesInUse;
    const w = tensor([0.5, -1], { requiresGrad: true });
    const outer = scope(() => {
      const inner = scope(() => w.sigmoid().mul(3));
      return inner.tanh().sum();
    });
    expect(liveTensorCount()).toBeGreaterThan(before + 2);
    outer.dispose();
    expect(liveTensorCount()).toBe(before + 1);
    w.dispose();
    expect(stats().bytesInUse).toBe(bytes);
  });

  it("a scope that throws releases what it made", () => {
    const before = liveTensorCount();
    expect(() => scope(() => { tensor([1, 2]).add(1); throw new Error("boom"); })).toThrow("boom");
    expect(liveTensorCount()).toBe(before);
  });

  it("tensors released by a scope throw when used", () => {
    let leaked: Tensor | null = null;
    scope(() => { leaked = tensor([1]).add(1); });
    expect(() => leaked!.mul(2)).toThrow(/mul: use of a released tensor \(shape \[1\], a tensor without history\)/);
  });

  it("10,000 recurrent training steps keep memory and live tensors flat", () => {
    const gen = new Generator(42);
    const hidden = 8, input = 4, batch = 2, steps = 5;
    const Wx = randn([input, hidden], { requiresGrad: true, generator: gen });
    const Wh = randn([hidden, hidden], { requiresGrad: true, generator: gen });
    const b = randn([hidden], { requiresGrad: true, generator: gen });
    const params = [Wx, Wh, b];
    for (const p of params) noGrad(() => p.mul_(0.3));
    const xs = Array.from({ length: steps }, () => randn([batch, input], { generator: gen }));
    const train = (): number => {
      const loss = scope(() => {
        let h = tensor(new Float32Array(batch * hidden), { shape: [batch, hidden] });
        for (const x of xs) h = x.matmul(Wx).add(h.matmul(Wh)).add(b).tanh();
        const l = h.square().mean();
        l.backward();
        return l.item();
      });
      scope(() => { for (const p of params) p.add_(p.grad!, -0.01); });
      zeroGrad(params);
      return loss;
    };
    const first = train();
    for (let i = 0; i < 100; i++) train();
    const warm = { live: liveTensorCount(), ...stats() };
    let last = first;
    for (let i = 0; i < 10_000; i++) last = train();
    const after = stats();
    expect(liveTensorCount()).toBe(warm.live);
    expect(after.bytesInUse).toBe(warm.bytesInUse);
    expect(after.memoryBytes).toBe(warm.memoryBytes);
    expect(last).toBeLessThan(first);
    for (const t of [...params, ...xs]) t.dispose();
  });
});

describe("scope misuse", () => {
  it("refuses an async function", () => {
    expect(() => scope((async () => tensor([1])) as never)).toThrow(/scope: fn returned a Promise; scopes are synchronous/);
  });
});
