// Flatten: merges dimensions startDim..endDim into one (PyTorch nn.Flatten; defaults 1 and −1).
import type { Tensor } from "@tapegrad/autograd";
import { Module } from "../module";
import { shapeStr } from "../util";

export class Flatten extends Module {
  constructor(readonly startDim = 1, readonly endDim = -1) {
    super();
    for (const [what, v] of [["startDim", startDim], ["endDim", endDim]] as const) {
      if (!Number.isInteger(v)) throw new Error(`Flatten: ${what} must be an integer, got ${v}`);
    }
  }

  protected override moduleConfig() {
    return { type: "Flatten", config: { startDim: this.startDim, endDim: this.endDim } };
  }

  /** x [..., a, …, b, ...] → [..., a·…·b, ...]. */
  forward(x: Tensor): Tensor {
    const n = Math.max(x.ndim, 1);
    const start = this.startDim < 0 ? this.startDim + n : this.startDim;
    const end = this.endDim < 0 ? this.endDim + n : this.endDim;
    if (start < 0 || start >= n || end < 0 || end >= n || start > end) {
      throw new Error(`Flatten: dimensions ${this.startDim}..${this.endDim} do not fit input ${shapeStr(x.shape)}`);
    }
    const merged = x.shape.slice(start, end + 1).reduce((a, b) => a * b, 1);
    return x.reshape([...x.shape.slice(0, start), merged, ...x.shape.slice(end + 1)]);
  }
}
