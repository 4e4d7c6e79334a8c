// Embedding: a lookup table of rows, indexed by integer ids (PyTorch nn.Embedding).
import { noGrad, randn, Tensor, tensor, where, checkOptions } from "@tapegrad/autograd";
import { checkParamsFit, checkSizeArg, PARAM_OPTIONS, type ParamOptions } from "../init";
import { Module } from "../module";
import { flattenIds } from "../util";

/** Integer ids: a Tensor holding integers, (nested) arrays, an Int32Array, or Int32Array rows ([B, T] as B arrays). */
export type Ids = Tensor | number[] | number[][] | ArrayLike<number> | readonly ArrayLike<number>[];

export interface EmbeddingOptions extends ParamOptions {
  /** A row (negative counts from the end) that starts at zeros and never gets a gradient: padding. */
  paddingIdx?: number;
}

export class Embedding extends Module {
  readonly weight: Tensor;
  /** The padding row (non-negative), or null. */
  readonly paddingIdx: number | null;

  /** weight [numEmbeddings, embeddingDim] drawn from N(0, 1), as in PyTorch (the paddingIdx row zeroed). */
  constructor(readonly numEmbeddings: number, readonly embeddingDim: number, options: EmbeddingOptions = {}) {
    super();
    const opts = checkOptions("Embedding", options, { ...PARAM_OPTIONS, paddingIdx: "integer" });
    checkSizeArg("Embedding", "numEmbeddings", numEmbeddings);
    checkSizeArg("Embedding", "embeddingDim", embeddingDim);
    let pad = opts.paddingIdx ?? null;
    if (pad !== null) {
      if (pad >= numEmbeddings) throw new Error(`Embedding: Padding_idx must be within num_embeddings (got paddingIdx ${pad}, numEmbeddings ${numEmbeddings})`);
      if (pad < -numEmbeddings) throw new Error(`Embedding: Padding_idx must be within num_embeddings (got paddingIdx ${pad}, numEmbeddings ${numEmbeddings})`);
      if (pad < 0) pad += numEmbeddings;
    }
    this.paddingIdx = pad;
    checkParamsFit("Embedding", { weight: [numEmbeddings, embeddingDim] }, opts);
    const w = randn([numEmbeddings, embeddingDim], { backend: opts.backend, generator: opts.generator, requiresGrad: true });
    if (pad !== null) zeroRow(w, pad, embeddingDim);
    this.weight = this.registerParameter("weight", w);
  }

  protected override moduleConfig() {
    return { type: "Embedding", config: { numEmbeddings: this.numEmbeddings, embeddingDim: this.embeddingDim, ...(this.paddingIdx !== null ? { paddingIdx: this.paddingIdx } : {}) } };
  }

  /** ids of shape S → embeddings of shape [...S, embeddingDim]; gradients accumulate over repeats. */
  forward(ids: Ids): Tensor {
    const { values, shape } = ids instanceof Tensor ? { values: Array.from(ids.data()), shape: [...ids.shape] } : flattenIds(ids, "Embedding");
    for (const v of values) {
      if (!Number.isInteger(v) || v < 0 || v >= this.numEmbeddings) {
        throw new Error(`Embedding: index ${v} out of range: expected integers in [0, ${this.numEmbeddings})`);
      }
    }
    const pad = this.paddingIdx;
    if (pad !== null && values.includes(pad)) {
      // The padding row's value, detached, where an id is paddingIdx: that row gets no gradient
      // (as PyTorch's embedding backward skips it), whatever values it holds.
      const padRow = noGrad(() => this.weight.narrow(0, pad, 1));
      const isPad = tensor(values.map((v) => (v === pad ? 1 : 0)), { backend: this.weight.backendName, shape: [values.length, 1] });
      const rows = where(isPad, padRow, this.weight.indexSelect(0, values.map((v) => (v === pad ? 0 : v))));
      return rows.reshape([...shape, this.embeddingDim]);
    }
    const rows = this.weight.indexSelect(0, values);
    return rows.reshape([...shape, this.embeddingDim]);
  }
}

/** Zeroes one row of a parameter in place (PyTorch's init of the padding row). */
function zeroRow(w: Tensor, row: number, width: number): void {
  w.backend.view(w.storeForWrite("Embedding")).fill(0, row * width, (row + 1) * width);
}
