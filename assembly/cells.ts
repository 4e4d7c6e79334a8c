// Fused recurrent-cell kernels: the element-wise part of one LSTM or GRU step (PyTorch's gate
// order and formulas) in one pass over the batch, forward and backward. Unfused, an LSTM step is
// a dozen element-wise kernels and slices, each a trip through memory and through autograd; here
// each row of the gates is read once. The GRU backward accumulates (+=) like every other backward
// kernel, the LSTM one writes or accumulates as asked; a zero pointer means "this gradient is not
// wanted".
import { sigmoid1, sigmoid4, tanh1, tanh4 } from "./vmath";

/**
 * LSTM forward. gates [B, 4H] pre-activations (i, f, g, o), cPrev [B, H] →
 * act [B, 5H] = (σ(i), σ(f), tanh(g), σ(o), tanh(c)), c [B, H], h [B, H].
 */
export function lstm_cell(gates: usize, cPrev: usize, act: usize, c: usize, h: usize, batch: i32, hidden: i32): void {
  const H = <usize>hidden;
  for (let b = 0; b < batch; b++) {
    const row = <usize>b;
    const g0 = gates + row * 4 * H * 4, a0 = act + row * 5 * H * 4;
    const cp = cPrev + row * H * 4, co = c + row * H * 4, ho = h + row * H * 4;
    // Two passes over the row rather than one: the four gate activations first, each step of the
    // loop independent of the last, then c and tanh(c). In one pass tanh(c) waits on all four
    // exp chains every step and the loop ran at their latency (~1.5× slower); here the
    // out-of-order core overlaps steps. The row (5H floats) stays in L1 between the passes.
    activateBlock(g0, a0, hidden, false);
    activateBlock(g0 + H * 4, a0 + H * 4, hidden, false);
    activateBlock(g0 + H * 8, a0 + H * 8, hidden, true);
    activateBlock(g0 + H * 12, a0 + H * 12, hidden, false);
    let j = 0;
    if (ASC_FEATURE_SIMD) {
      for (; j + 4 <= hidden; j += 4) {
        const off = <usize>j << 2;
        const c4 = f32x4.add(f32x4.mul(v128.load(a0 + H * 4 + off), v128.load(cp + off)), f32x4.mul(v128.load(a0 + off), v128.load(a0 + H * 8 + off)));
        const t4 = tanh4(c4);
        v128.store(a0 + H * 16 + off, t4);
        v128.store(co + off, c4);
        v128.store(ho + off, f32x4.mul(v128.load(a0 + H * 12 + off), t4));
      }
    }
    for (; j < hidden; j++) {
      const off = <usize>j << 2;
      const c1 = load<f32>(a0 + H * 4 + off) * load<f32>(cp + off) + load<f32>(a0 + off) * load<f32>(a0 + H * 8 + off);
      const t1 = tanh1(c1);
      store<f32>(a0 + H * 16 + off, t1);
      store<f32>(co + off, c1);
      store<f32>(ho + off, load<f32>(a0 + H * 12 + off) * t1);
    }
  }
}

/** out[j] = σ(x[j]) (or tanh) for j < n. */
// @ts-ignore: decorator
@inline function activateBlock(x: usize, out: usize, n: i32, useTanh: bool): void {
  let j = 0;
  if (ASC_FEATURE_SIMD) {
    for (; j + 4 <= n; j += 4) {
      const off = <usize>j << 2;
      const v = v128.load(x + off);
      v128.store(out + off, useTanh ? tanh4(v) : sigmoid4(v));
    }
  }
  for (; j < n; j++) {
    const off = <usize>j << 2;
    const v = load<f32>(x + off);
    store<f32>(out + off, useTanh ? tanh1(v) : sigmoid1(v));
  }
}

/**
 * The whole LSTM step backward in one pass (autograd's LSTM cell node and hand-written BPTT): from dh (dL/dh_t) and dc
 * (dL/dc_t carried back from step t+1; 0 = none), dc_t = dc + dh·o·(1−tanh²c), then
 *   dgates = (dc_t·g·i(1−i), dc_t·cPrev·f(1−f), dc_t·i·(1−g²), dh·tanh(c)·o(1−o)),
 *   dcPrev = dc_t·f.
 * With `accumulate` 0 the two outputs are written, not added to: BPTT then needs no zero-fill of
 * its [T, B, 4H] gradient array, and reads it once less (this pass is bound by memory traffic).
 * `dcPrev` may be 0 (step 0 when dL/dc_0 is not wanted).
 */
export function lstm_cell_backward(
  dgates: usize, dcPrev: usize, dh: usize, dc: usize, act: usize, cPrev: usize, batch: i32, hidden: i32, accumulate: i32,
): void {
  const H = <usize>hidden;
  for (let b = 0; b < batch; b++) {
    const row = <usize>b;
    const a0 = act + row * 5 * H * 4, dg0 = dgates + row * 4 * H * 4;
    const dhr = dh + row * H * 4, dcr = dc + row * H * 4, cpr = cPrev + row * H * 4, dcp = dcPrev + row * H * 4;
    let j = 0;
    if (ASC_FEATURE_SIMD) {
      const one = f32x4.splat(1);
      for (; j + 4 <= hidden; j += 4) {
        const off = <usize>j << 2;
        const i4 = v128.load(a0 + off), f4 = v128.load(a0 + H * 4 + off), g4 = v128.load(a0 + H * 8 + off);
        const o4 = v128.load(a0 + H * 12 + off), t4 = v128.load(a0 + H * 16 + off), d4 = v128.load(dhr + off);
        let c4 = f32x4.mul(f32x4.mul(d4, o4), f32x4.sub(one, f32x4.mul(t4, t4)));
        if (dc != 0) c4 = f32x4.add(c4, v128.load(dcr + off));
        let di = f32x4.mul(f32x4.mul(c4, g4), f32x4.mul(i4, f32x4.sub(one, i4)));
        let df = f32x4.mul(f32x4.mul(c4, v128.load(cpr + off)), f32x4.mul(f4, f32x4.sub(one, f4)));
        let dg = f32x4.mul(f32x4.mul(c4, i4), f32x4.sub(one, f32x4.mul(g4, g4)));
        let dO = f32x4.mul(f32x4.mul(d4, t4), f32x4.mul(o4, f32x4.sub(one, o4)));
        let dp = f32x4.mul(c4, f4);
        if (accumulate) {
          di = f32x4.add(di, v128.load(dg0 + off));
          df = f32x4.add(df, v128.load(dg0 + H * 4 + off));
          dg = f32x4.add(dg, v128.load(dg0 + H * 8 + off));
          dO = f32x4.add(dO, v128.load(dg0 + H * 12 + off));
          if (dcPrev != 0) dp = f32x4.add(dp, v128.load(dcp + off));
        }
        v128.store(dg0 + off, di);
        v128.store(dg0 + H * 4 + off, df);
        v128.store(dg0 + H * 8 + off, dg);
        v128.store(dg0 + H * 12 + off, dO);
        if (dcPrev != 0) v128.store(dcp + off, dp);
      }
    }
    for (; j < hidden; j++) {
      const off = <usize>j << 2;
      const i1 = load<f32>(a0 + off), f1 = load<f32>(a0 + H * 4 + off), g1 = load<f32>(a0 + H * 8 + off);
      const o1 = load<f32>(a0 + H * 12 + off), t1 = load<f32>(a0 + H * 16 + off), d1 = load<f32>(dhr + off);
      let c1 = d1 * o1 * (1 - t1 * t1);
      if (dc != 0) c1 += load<f32>(dcr + off);
      let di = c1 * g1 * (i1 * (1 - i1));
      let df = c1 * load<f32>(cpr + off) * (f1 * (1 - f1));
      let dg = c1 * i1 * (1 - g1 * g1);
      let dO = d1 * t1 * (o1 * (1 - o1));
      let dp = c1 * f1;
      if (accumulate) {
        di += load<f32>(dg0 + off);
        df += load<f32>(dg0 + H * 4 + off);
        dg += load<f32>(dg0 + H * 8 + off);
        dO += load<f32>(dg0 + H * 12 + off);
        if (dcPrev != 0) dp += load<f32>(dcp + off);
      }
      store<f32>(dg0 + off, di);
      store<f32>(dg0 + H * 4 + off, df);
      store<f32>(dg0 + H * 8 + off, dg);
      store<f32>(dg0 + H * 12 + off, dO);
      if (dcPrev != 0) store<f32>(dcp + off, dp);
    }
  }
}

/**
 * GRU forward (PyTorch): xp [B, 3H] = W_ih x + b_ih, gh [B, 3H] = W_hh h (bias [3H] = b_hh added
 * here when non-zero), hPrev [B, H] → r = σ(xr + hr), z = σ(xz + hz), n = tanh(xn + r·hn),
 * h = n + z·(hPrev − n); act [B, 4H] saves (r, z, n, hn).
 */
export function gru_cell(xp: usize, gh: usize, bias: usize, hPrev: usize, act: usize, h: usize, batch: i32, hidden: i32): void {
  const H = <usize>hidden;
  for (let b = 0; b < batch; b++) {
    const row = <usize>b;
    const x0 = xp + row * 3 * H * 4, h0 = gh + row * 3 * H * 4, a0 = act + row * 4 * H * 4;
    const hp = hPrev + row * H * 4, ho = h + row * H * 4;
    let j = 0;
    if (ASC_FEATURE_SIMD) {
      for (; j + 4 <= hidden; j += 4) {
        const off = <usize>j << 2;
        let hr = v128.load(h0 + off), hz = v128.load(h0 + H * 4 + off), hn = v128.load(h0 + H * 8 + off);
        if (bias != 0) {
          hr = f32x4.add(hr, v128.load(bias + off));
          hz = f32x4.add(hz, v128.load(bias + H * 4 + off));
          hn = f32x4.add(hn, v128.load(bias + H * 8 + off));
        }
        const r4 = sigmoid4(f32x4.add(v128.load(x0 + off), hr));
        const z4 = sigmoid4(f32x4.add(v128.load(x0 + H * 4 + off), hz));
        const n4 = tanh4(f32x4.add(v128.load(x0 + H * 8 + off), f32x4.mul(r4, hn)));
        v128.store(a0 + off, r4);
        v128.store(a0 + H * 4 + off, z4);
        v128.store(a0 + H * 8 + off, n4);
        v128.store(a0 + H * 12 + off, hn);
        v128.store(ho + off, f32x4.add(n4, f32x4.mul(z4, f32x4.sub(v128.load(hp + off), n4))));
      }
    }
    for (; j < hidden; j++) {
      const off = <usize>j << 2;
      let hr = load<f32>(h0 + off), hz = load<f32>(h0 + H * 4 + off), hn = load<f32>(h0 + H * 8 + off);
      if (bias != 0) {
        hr += load<f32>(bias + off);
        hz += load<f32>(bias + H * 4 + off);
        hn += load<f32>(bias + H * 8 + off);
      }
      const r1 = sigmoid1(load<f32>(x0 + off) + hr);
      const z1 = sigmoid1(load<f32>(x0 + H * 4 + off) + hz);
      const n1 = tanh1(load<f32>(x0 + H * 8 + off) + r1 * hn);
      store<f32>(a0 + off, r1);
      store<f32>(a0 + H * 4 + off, z1);
      store<f32>(a0 + H * 8 + off, n1);
      store<f32>(a0 + H * 12 + off, hn);
      store<f32>(ho + off, n1 + z1 * (load<f32>(hp + off) - n1));
    }
  }
}

/**
 * GRU backward from dh: dxp [B, 3H], dgh [B, 3H] (also the gradient of the bias, summed over
 * rows by the caller) and dhPrev [B, H], each accumulated; any of the three may be 0.
 */
export function gru_cell_backward(dxp: usize, dgh: usize, dhPrev: usize, dh: usize, act: usize, hPrev: usize, batch: i32, hidden: i32): void {
  const H = <usize>hidden;
  for (let b = 0; b < batch; b++) {
    const row = <usize>b;
    const a0 = act + row * 4 * H * 4, dx0 = dxp + row * 3 * H * 4, dg0 = dgh + row * 3 * H * 4;
    const hp = hPrev + row * H * 4, dhr = dh + row * H * 4, dhp = dhPrev + row * H * 4;
    let j = 0;
    if (ASC_FEATURE_SIMD) {
      const one = f32x4.splat(1);
      for (; j + 4 <= hidden; j += 4) {
        const off = <usize>j << 2;
        const r4 = v128.load(a0 + off), z4 = v128.load(a0 + H * 4 + off), n4 = v128.load(a0 + H * 8 + off);
        const hn = v128.load(a0 + H * 12 + off), d4 = v128.load(dhr + off);
        const dn = f32x4.mul(f32x4.mul(d4, f32x4.sub(one, z4)), f32x4.sub(one, f32x4.mul(n4, n4)));
        const dz = f32x4.mul(f32x4.mul(d4, f32x4.sub(v128.load(hp + off), n4)), f32x4.mul(z4, f32x4.sub(one, z4)));
        const dr = f32x4.mul(f32x4.mul(dn, hn), f32x4.mul(r4, f32x4.sub(one, r4)));
        if (dxp != 0) {
          v128.store(dx0 + off, f32x4.add(v128.load(dx0 + off), dr));
          v128.store(dx0 + H * 4 + off, f32x4.add(v128.load(dx0 + H * 4 + off), dz));
          v128.store(dx0 + H * 8 + off, f32x4.add(v128.load(dx0 + H * 8 + off), dn));
        }
        if (dgh != 0) {
          v128.store(dg0 + off, f32x4.add(v128.load(dg0 + off), dr));
          v128.store(dg0 + H * 4 + off, f32x4.add(v128.load(dg0 + H * 4 + off), dz));
          v128.store(dg0 + H * 8 + off, f32x4.add(v128.load(dg0 + H * 8 + off), f32x4.mul(dn, r4)));
        }
        if (dhPrev != 0) v128.store(dhp + off, f32x4.add(v128.load(dhp + off), f32x4.mul(d4, z4)));
      }
    }
    for (; j < hidden; j++) {
      const off = <usize>j << 2;
      const r1 = load<f32>(a0 + off), z1 = load<f32>(a0 + H * 4 + off), n1 = load<f32>(a0 + H * 8 + off);
      const hn = load<f32>(a0 + H * 12 + off), d1 = load<f32>(dhr + off);
      const dn = d1 * (1 - z1) * (1 - n1 * n1);
      const dz = d1 * (load<f32>(hp + off) - n1) * (z1 * (1 - z1));
      const dr = dn * hn * (r1 * (1 - r1));
      if (dxp != 0) {
        store<f32>(dx0 + off, load<f32>(dx0 + off) + dr);
        store<f32>(dx0 + H * 4 + off, load<f32>(dx0 + H * 4 + off) + dz);
        store<f32>(dx0 + H * 8 + off, load<f32>(dx0 + H * 8 + off) + dn);
      }
      if (dgh != 0) {
        store<f32>(dg0 + off, load<f32>(dg0 + off) + dr);
        store<f32>(dg0 + H * 4 + off, load<f32>(dg0 + H * 4 + off) + dz);
        store<f32>(dg0 + H * 8 + off, load<f32>(dg0 + H * 8 + off) + dn * r1);
      }
      if (dhPrev != 0) store<f32>(dhp + off, load<f32>(dhp + off) + d1 * z1);
    }
  }
}
