// Training steps after the first allocate no WebAssembly memory: workspaces are made once per
// (T, B) and reused; changing the sizes swaps the workspace without leaking the old one.
import { createKernels } from "@tapegrad/kernels";
import { describe, expect, it } from "vitest";
import { WasmOps, type Mode } from "../src/index";
import { Setup } from "./random";

describe.each<Mode>(["rnn_tanh", "lstm", "gru"])("%s on wasm", (mode) => {
  it("keeps memory flat across repeated forward/backward", () => {
    const kernels = createKernels({ initialBytes: 1 << 20 });
    const ops = new WasmOps(kernels);
    const before = kernels.stats();
    const s = new Setup(ops, { mode, T: 12, B: 5, I: 9, H: 16, bias: true, state: true, seed: 3 });
    s.forward();
    s.backward();
    const warm = kernels.stats();
    for (let i = 0; i < 5; i++) {
      s.forward();
      s.backward();
    }
    const after = kernels.stats();
    expect(after.bytesInUse).toBe(warm.bytesInUse);
    expect(after.liveBlocks).toBe(warm.liveBlocks);
    expect(after.memoryBytes).toBe(warm.memoryBytes);
    expect(after.peakBytesInUse).toBe(warm.peakBytesInUse);
    s.dispose();
    // Only the kernels' own matmul scratch panel stays live.
    expect(kernels.stats().liveBlocks - before.liveBlocks).toBeLessThanOrEqual(1);
  });

  it("swaps workspaces when T or B change, freeing the old one", () => {
    const kernels = createKernels({ initialBytes: 1 << 20 });
    const ops = new WasmOps(kernels);
    const s = new Setup(ops, { mode, T: 6, B: 3, I: 4, H: 5, bias: true, state: false, seed: 1 });
    s.forward();
    const live = kernels.stats().liveBlocks;
    const ws = s.rec.workspace(6, 3);
    expect(s.rec.workspace(6, 3)).toBe(ws);
    s.rec.workspace(2, 3);
    expect(kernels.stats().liveBlocks).toBe(live);
    s.dispose();
  });
});
