// clone: a copy with its own storage that stays on the tape (unlike detach): the gradient passes
// through unchanged.
import { empty, passGrad, record } from "../tape";
import type { OpDef, Tensor } from "../tensor";
import { checkTensor } from "./helpers";

const CLONE: OpDef = {
  name: "clone",
  readsInputs: false,
  backward(out, g) {
    passGrad(out._inputs![0], g, out);
  },
};

/** A copy of x (its own storage) that keeps x's history, as torch.clone. */
export function clone(x: Tensor): Tensor {
  checkTensor("clone", "x", x);
  const be = x.backend;
  const out = empty(be, x.shape);
  be.copy(out._store!, x.storeFor("clone"));
  record(out, CLONE, [x], null);
  return out;
}
