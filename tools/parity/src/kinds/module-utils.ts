// kind "module_utils": a model built from the fixture's module tree (torch keyword arguments, as
// camelCase tapegrad options) against torch's named_modules(), named_parameters(), state_dict()
// keys (a module used twice: listed once, except in the state dict), parameter counts, requires_grad_(False) on submodules, and two SGD steps (frozen parameters get no
// gradient and do not move; the others match PyTorch's gradients and updates).
import type { BackendName, Tensor } from "@tapegrad/autograd";
import { crossEntropy, moduleFromSpec, Sequential, SGD, type ChainModule, type Module, type ModuleSpec } from "@tapegrad/nn";
import { nest, toIds, toTensor, type Fixture } from "../fixture";
import { eachCase, type KindRunner } from "./types";

const camel = (k: string) => k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** The fixture's {type, name, config (snake_case), children} tree as a tapegrad ModuleSpec. */
function toSpec(node: Record<string, any>): ModuleSpec & { name: string } {
  return {
    type: node.type,
    name: node.name ?? "",
    config: Object.fromEntries(Object.entries(node.config ?? {}).map(([k, v]) => [camel(k), v as never])),
    children: (node.children ?? []).map(toSpec),
  };
}

/** Builds the tree; a Sequential child {name, same_as} is the earlier child of that name again (one module in two places). */
function build(node: Record<string, any>, backend: BackendName): Module {
  if (node.type !== "Sequential") return moduleFromSpec(toSpec(node), { backend });
  const children = new Map<string, Module>();
  for (const c of node.children as Record<string, any>[]) {
    const m = c.same_as !== undefined ? children.get(c.same_as) : build(c, backend);
    if (!m) throw new Error(`module_utils: same_as "${c.same_as}" names no earlier child`);
    children.set(c.name, m);
  }
  return new Sequential(children as Map<string, ChainModule>);
}

export const moduleUtils: KindRunner = (fx: Fixture) => {
  return eachCase("module_utils", fx, (c, check, backend) => {
    const model = build(c.spec, backend);
    const same = (what: string, got: unknown[], want: unknown[]) => {
      check.checked++;
      if (JSON.stringify(got) !== JSON.stringify(want)) check.failures.push(`${what}: got ${JSON.stringify(got)}; PyTorch ${JSON.stringify(want)}`);
    };
    const modules = model.namedModules();
    same("namedModules() names", modules.map(([n]) => n), c.named_modules);
    same("module types", modules.map(([, m]) => m.constructor.name), c.module_types);
    same("namedParameters() names", model.namedParameters().map(([n]) => n), c.param_order);
    same("parameter sizes", model.parameters().map((p) => p.size), c.param_numels);
    if (c.state_dict_keys) same("stateDict() keys", Object.keys(model.stateDict()), c.state_dict_keys);
    check.scalar("numParameters()", model.numParameters(), c.num_parameters);
    model.loadStateDict(Object.fromEntries(Object.entries(c.params).map(([k, v]) => [k, toTensor(v, `params.${k}`, backend)])));

    const byName = new Map<string, Module>(modules);
    for (const prefix of c.frozen as string[]) {
      const sub = byName.get(prefix);
      if (!sub) throw new Error(`module_utils: no submodule "${prefix}"`);
      sub.requiresGrad_(false);
    }
    check.scalar("numParameters({ trainableOnly: true })", model.numParameters({ trainableOnly: true }), c.num_trainable);
    same("requiresGrad per parameter", model.namedParameters().map(([n, p]) => [n, p.requiresGrad]), Object.entries(c.trainable));

    const tokens = toIds(c.tokens, "tokens");
    const targets = Int32Array.from(toIds(c.targets, "targets").values);
    const opt = new SGD(model.parameters(), { lr: c.optimizer.lr, momentum: c.optimizer.momentum });
    const C = c.steps[0].logits.shape.at(-1);
    c.steps.forEach((step: Record<string, any>, k: number) => {
      opt.zeroGrad();
      const logits = (model as Module & { forward(x: unknown): Tensor }).forward(nest(tokens.values, tokens.shape));
      check.tensor(`step ${k} logits`, logits, step.logits);
      const loss = crossEntropy(logits.reshape([-1, C]), targets);
      check.scalar(`step ${k} loss`, loss.item(), step.loss);
      loss.backward();
      for (const [n, p] of model.namedParameters()) {
        const want = step.grads[n];
        if (want === null) {
          check.checked++;
          if (p.grad) check.failures.push(`step ${k}: frozen ${n} has a gradient`);
        } else check.tensor(`step ${k} grad ${n}`, p.grad, want);
      }
      opt.step();
      for (const [n, p] of model.namedParameters()) check.tensor(`step ${k} ${n} after the step`, p, step.params_after[n]);
    });
  });
};
