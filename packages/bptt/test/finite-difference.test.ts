// Central finite differences in float64 on the js backend: a few entries of every gradient.
import { describe, expect, it } from "vitest";
import type { Mode, ParamName } from "../src/index";
import { rng } from "../../../test/support/mulberry32";
import { jsOps } from "./helpers";
import { Setup, type Problem } from "./random";

const EPS = 1e-6;
const MODES: Mode[] = ["rnn_tanh", "rnn_relu", "lstm", "gru"];

describe.each(MODES)("%s gradients equal central differences", (mode) => {
  it.each([true, false])("bias %s", (bias) => {
    const p: Problem = { mode, T: 4, B: 2, I: 3, H: 4, bias, state: true, seed: 7 + MODES.indexOf(mode) };
    const s = new Setup(jsOps, p);
    s.forward();
    s.backward();
    const got = s.results();
    // Every array a gradient is taken with respect to, by the name of its gradient.
    const wrt: Record<string, Float64Array> = { dx: s.x, dh0: s.h0! };
    if (s.c0) wrt.dc0 = s.c0;
    for (const n of s.rec.layer.names()) wrt[`d${n}`] = s.rec.layer.params[n as ParamName]!;
    const pick = rng(99);
    for (const [name, values] of Object.entries(wrt)) {
      for (let trial = 0; trial < 3; trial++) {
        const i = Math.floor(pick() * values.length);
        const keep = values[i];
        values[i] = keep + EPS;
        const up = s.forward();
        values[i] = keep - EPS;
        const down = s.forward();
        values[i] = keep;
        const numeric = (up - down) / (2 * EPS);
        expect(Math.abs(numeric - got[name][i]), `${name}[${i}]: ${numeric} vs ${got[name][i]}`).toBeLessThan(1e-7 * (1 + Math.abs(numeric)));
      }
    }
    s.dispose();
  });
});
