// Fused recurrent-cell kernels (assembly/cells.ts) on pointers: one LSTM or GRU step's
// element-wise part and its backward. Every operand is checked to be [batch, k·hidden].
import { checkLength, checkNoAlias, type Region } from "../checks";
import type { KernelSet } from "../contract";
import type { F32, KernelContext } from "../operands";

type CellKernels = Pick<KernelSet<F32>, "lstmCell" | "lstmCellBackward" | "gruCell" | "gruCellBackward">;

export function cellKernels({ wasm, region }: KernelContext): CellKernels {
  const cellRegion = (op: string, name: string, value: F32, rows: number, cols: number): Region => {
    const r = region(op, name, value);
    checkLength(op, name, r, rows * cols, () => `${name} is [${rows}, ${cols}]`);
    return r;
  };

  return {
    lstmCell(act, c, h, gates, cPrev, batch, hidden) {
      const op = "lstmCell";
      const ra = cellRegion(op, "act", act, batch, 5 * hidden), rc = cellRegion(op, "c", c, batch, hidden);
      const rh = cellRegion(op, "h", h, batch, hidden), rg = cellRegion(op, "gates", gates, batch, 4 * hidden);
      const rp = cellRegion(op, "cPrev", cPrev, batch, hidden);
      for (const o of [ra, rc, rh]) checkNoAlias(op, o, { gates: rg, cPrev: rp }, false);
      checkNoAlias(op, ra, { c: rc, h: rh }, false);
      checkNoAlias(op, rc, { h: rh }, false);
      wasm.lstm_cell(rg.ptr, rp.ptr, ra.ptr, rc.ptr, rh.ptr, batch, hidden);
    },

    lstmCellBackward(dgates, dcPrev, dh, dc, act, cPrev, batch, hidden, accumulate = false) {
      const op = "lstmCellBackward";
      const rdh = cellRegion(op, "dh", dh, batch, hidden), ra = cellRegion(op, "act", act, batch, 5 * hidden);
      const rp = cellRegion(op, "cPrev", cPrev, batch, hidden);
      const ins: Record<string, Region> = { dh: rdh, act: ra, cPrev: rp };
      let cp = 0;
      if (dc !== null) {
        const r = cellRegion(op, "dc", dc, batch, hidden);
        ins.dc = r;
        cp = r.ptr;
      }
      const rdg = cellRegion(op, "dgates", dgates, batch, 4 * hidden);
      checkNoAlias(op, rdg, ins, false);
      ins.dgates = rdg;
      let pp = 0;
      if (dcPrev !== null) {
        const r = cellRegion(op, "dcPrev", dcPrev, batch, hidden);
        checkNoAlias(op, r, ins, false);
        pp = r.ptr;
      }
      wasm.lstm_cell_backward(rdg.ptr, pp, rdh.ptr, cp, ra.ptr, rp.ptr, batch, hidden, +accumulate);
    },

    gruCell(act, h, xp, gh, bias, hPrev, batch, hidden) {
      const op = "gruCell";
      const ra = cellRegion(op, "act", act, batch, 4 * hidden), rh = cellRegion(op, "h", h, batch, hidden);
      const rx = cellRegion(op, "xp", xp, batch, 3 * hidden), rg = cellRegion(op, "gh", gh, batch, 3 * hidden);
      const rp = cellRegion(op, "hPrev", hPrev, batch, hidden);
      let bp = 0;
      const ins: Record<string, Region> = { xp: rx, gh: rg, hPrev: rp };
      if (bias !== null) {
        const rb = cellRegion(op, "bias", bias, 1, 3 * hidden);
        ins.bias = rb;
        bp = rb.ptr;
      }
      checkNoAlias(op, ra, ins, false);
      checkNoAlias(op, rh, ins, false);
      checkNoAlias(op, rh, { act: ra }, false);
      wasm.gru_cell(rx.ptr, rg.ptr, bp, rp.ptr, ra.ptr, rh.ptr, batch, hidden);
    },

    gruCellBackward(dxp, dgh, dhPrev, dh, act, hPrev, batch, hidden) {
      const op = "gruCellBackward";
      const rdh = cellRegion(op, "dh", dh, batch, hidden), ra = cellRegion(op, "act", act, batch, 4 * hidden);
      const rp = cellRegion(op, "hPrev", hPrev, batch, hidden);
      const ins = { dh: rdh, act: ra, hPrev: rp };
      const out = (name: string, v: F32 | null, cols: number): number => {
        if (v === null) return 0;
        const r = cellRegion(op, name, v, batch, cols);
        checkNoAlias(op, r, ins, false);
        return r.ptr;
      };
      wasm.gru_cell_backward(out("dxp", dxp, 3 * hidden), out("dgh", dgh, 3 * hidden), out("dhPrev", dhPrev, hidden), rdh.ptr, ra.ptr, rp.ptr, batch, hidden);
    },
  };
}
