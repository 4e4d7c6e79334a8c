// kind "data_loader": DataLoader over a TensorDataset built from the fixture's options (batchSize,
// dropLast, batchSize: null, sampler, batchSampler — SequentialSampler, BatchSampler, arrays and
// two custom samplers written as a user would); len(loader), each batch's tensors, and the error
// texts of bad options (PyTorch's words with camelCase names).
import type { BackendName } from "@tapegrad/autograd";
import { BatchSampler, DataLoader, RandomSampler, type Sampler, SequentialSampler, TensorDataset, WeightedRandomSampler } from "@tapegrad/nn";
import { type Fixture, toTensor } from "../fixture";
import type { KindRunner, SubCase } from "./types";

/** A custom sampler: indices from last to first. */
class Reversed implements Sampler<number> {
  constructor(readonly length: number) {}
  *[Symbol.iterator](): Iterator<number> {
    for (let i = this.length - 1; i >= 0; i--) yield i;
  }
}

/** A custom batch sampler: indices sorted by length (stable), cut into chunks of `size`, last chunk first. */
class SortedChunks implements Sampler<number[]> {
  constructor(readonly lengths: number[], readonly size: number) {}
  get length(): number {
    return Math.ceil(this.lengths.length / this.size);
  }
  *[Symbol.iterator](): Iterator<number[]> {
    const order = this.lengths.map((_, i) => i).sort((a, b) => this.lengths[a] - this.lengths[b]);
    const chunks: number[][] = [];
    for (let i = 0; i < order.length; i += this.size) chunks.push(order.slice(i, i + this.size));
    yield* chunks.reverse();
  }
}

type Spec = Record<string, any>;

function build(spec: Spec, n: number): any {
  switch (spec.type) {
    case "SequentialSampler": return new SequentialSampler({ length: n });
    case "list": return spec.items;
    case "Reversed": return new Reversed(n);
    case "SortedChunks": return new SortedChunks(spec.lengths, spec.size);
    case "BatchSampler": return new BatchSampler(build(spec.sampler, n), spec.batch_size, spec.drop_last);
    default: throw new Error(`data_loader: unknown sampler type ${JSON.stringify(spec.type)}`);
  }
}

/** PyTorch's option names → ours: batch_size → batchSize, None → null. */
export function camelCase(text: string): string {
  return text.replace(/([a-z])_([a-z])/g, (_, a: string, b: string) => a + b.toUpperCase()).replace(/\bNone\b/g, "null");
}

function loaderOptions(options: Spec, n: number): Spec {
  return Object.fromEntries(Object.entries(options).map(([k, v]) => [camelCase(k), k === "sampler" || k === "batch_sampler" ? build(v, n) : v]));
}

export const dataLoader: KindRunner = (fx: Fixture) => {
  if (!Array.isArray(fx.cases) || !Array.isArray(fx.errors)) throw new Error(`data_loader: "cases" and "errors" must be lists`);
  const n: number = fx.dataset.n;
  const loaders: SubCase[] = fx.cases.map((c: Spec) => ({
    name: String(c.name),
    run(check, backend: BackendName) {
      const ds = new TensorDataset(toTensor(fx.dataset.x, "dataset.x", backend), toTensor(fx.dataset.y, "dataset.y", backend));
      const loader = new DataLoader(ds, loaderOptions(c.options, n));
      check.scalar("len", loader.length, c.len);
      let k = 0;
      for (const batch of loader) {
        const [bx, by] = batch as [any, any];
        if (k < c.batches.length) {
          check.tensor(`batches[${k}].x`, bx, c.batches[k].x);
          check.tensor(`batches[${k}].y`, by, c.batches[k].y);
        }
        k++;
      }
      if (k !== c.batches.length) check.failures.push(`${k} batches, expected ${c.batches.length}`);
      const indices = [...loader.batchIndices()];
      const want = c.options.batch_size === null ? c.indices.map((i: number) => [i]) : c.indices;
      if (JSON.stringify(indices) !== JSON.stringify(want)) check.failures.push(`batchIndices() ${JSON.stringify(indices)}, expected ${JSON.stringify(want)}`);
    },
  }));
  const errors: SubCase[] = fx.errors.map((e: Spec) => ({
    name: `error ${e.name}`,
    run(check, backend: BackendName) {
      const want = camelCase(e.error);
      let got = "(no error)";
      try {
        if (e.construct === "DataLoader") new DataLoader(new TensorDataset(toTensor(fx.dataset.y, "dataset.y", backend)), loaderOptions(e.options, n));
        else if (e.construct === "BatchSampler") new BatchSampler(build(e.sampler, n), e.batch_size, e.drop_last);
        else if (e.construct === "WeightedRandomSampler") [...new WeightedRandomSampler(e.weights, e.num_samples, { replacement: e.args.replacement })];
        else new RandomSampler({ length: e.n }, { replacement: e.args.replacement, numSamples: e.args.num_samples });
      } catch (error) {
        got = (error as Error).message;
      }
      if (!got.endsWith(`: ${want}`)) check.failures.push(`error "${got}", expected "<where>: ${want}"`);
      check.checked++;
    },
  }));
  return [...loaders, ...errors];
};
