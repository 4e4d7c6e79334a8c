// Embedding: a lookup table of rows, indexed by integer ids (PyTorch nn.Embedding).
import { randn, Tensor } from "@tapegrad/autograd";
import { checkParamsFit, checkSizeArg, PARAM_OPTIONS, type ParamOptions } from "../init";
import { Module } from "../module";
import { checkOptions } from "../options";
import { flattenIds } from "../util";

/** Integer ids: a Tensor holding integers, (nested) arrays, an Int32Array, or Int32Array rows ([B, T] as B arrays). */
export type Ids = Tensor | number[] | number[][] | ArrayLike<number> | readonly ArrayLike<number>[];

export class Embedding extends Module {
  readonly weight: Tensor;

  /** weight [numEmbeddings, embeddingDim] drawn from N(0, 1), as in PyTorch. */
  constructor(readonly numEmbeddings: number, readonly embeddingDim: number, options: ParamOptions = {}) {
    super();
    const opts = checkOptions("Embedding", options, PARAM_OPTIONS);
    checkSizeArg("Embedding", "numEmbeddings", numEmbeddings);
    checkSizeArg("Embedding", "embeddingDim", embeddingDim);
    checkParamsFit("Embedding", { weight: [numEmbeddings, embeddingDim] }, opts);
    const w = randn([numEmbeddings, embeddingDim], { backend: opts.backend, generator: opts.generator, requiresGrad: true });
    this.weight = this.registerParameter("weight", w);
  }

  protected override moduleConfig() {
    return { type: "Embedding", config: { numEmbeddings: this.numEmbeddings, embeddingDim: this.embeddingDim } };
  }

  /** ids of shape S → embeddings of shape [...S, embeddingDim]; gradients accumulate over repeats. */
  forward(ids: Ids): Tensor {
    const { values, shape } = ids instanceof Tensor ? { values: Array.from(ids.data()), shape: [...ids.shape] } : flattenIds(ids, "Embedding");
    for (const v of values) {
      if (!Number.isInteger(v) || v < 0 || v >= this.numEmbeddings) {
        throw new Error(`Embedding: index ${v} out of range: expected integers in [0, ${this.numEmbeddings})`);
      }
    }
    const rows = this.weight.indexSelect(0, values);
    return rows.reshape([...shape, this.embeddingDim]);
  }
}
