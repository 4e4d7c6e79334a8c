// The homework example (examples/homework) reports every step and agrees with PyTorch.
import { describe, expect, it } from "vitest";
import { loadCharRnnFixture } from "../../examples/homework/fixture";
import { homeworkReport } from "../../examples/homework/report";

describe("examples/homework", () => {
  it.each(["charrnn_onehot_bias_a", "charrnn_onehot_nobias", "charrnn_onehot_bias_b", "charrnn_hello_cs231n"])("%s", (name) => {
    const fx = loadCharRnnFixture(name);
    const text = homeworkReport(fx).join("\n");
    const T = fx.xIds.length;
    for (let t = 1; t <= T; t++) {
      for (const label of [`a_${t} =`, `h_${t} = tanh`, `y_${t} = softmax`, `loss_${t} =`, `dy_${t} =`, `dh_${t} =`, `da_${t} =`, `W_Hᵀ da_${t}`]) {
        expect(text).toContain(label);
      }
    }
    for (const g of ["dW_X:", "dW_H:", "dW_Y:"]) expect(text).toContain(g);
    expect(text.includes("db_h:")).toBe(fx.params.b_h !== null);
    const worst = Number(/Largest gradient difference from PyTorch: (\S+)/.exec(text)![1]);
    expect(worst).toBeLessThan(1e-12);
    const autograd = Number(/Largest autograd gradient difference from PyTorch: (\S+)/.exec(text)![1]);
    expect(autograd).toBeLessThan(1e-12);
  });

  it("refuses a fixture of another kind, and a missing file", () => {
    expect(() => loadCharRnnFixture("lstm_1layer_uni")).toThrow('is a "recurrent" fixture; expected kind "char_rnn"');
    expect(() => loadCharRnnFixture("no_such_case")).toThrow("homework: no fixture file at");
  });
});
