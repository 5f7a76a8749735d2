import type { Tensor } from '../tensor';
import { DTypeError } from '../errors';
import { indexSelect } from '../ops/movement';
import { Module, resolveOptions, type ModuleOptions } from './module';
import type { Parameter } from './parameter';
import { emptyParameter } from './empty';
import { normal_ } from './init';

export type EmbeddingOptions = ModuleOptions;

/** A lookup table of `numEmbeddings` vectors of size `embeddingDim`, initialized N(0, 1) as in PyTorch. */
export class Embedding extends Module {
  weight: Parameter;

  constructor(readonly numEmbeddings: number, readonly embeddingDim: number, opts: EmbeddingOptions = {}) {
    super();
    this.weight = emptyParameter([numEmbeddings, embeddingDim], resolveOptions(opts));
    normal_(this.weight, 0, 1, opts.generator);
  }

  forward(indices: Tensor): Tensor {
    if (indices.dtype !== 'int32') throw new DTypeError(`Embedding: indices must be int32, got ${indices.dtype}`);
    const flat = indexSelect(this.weight, 0, indices.reshape([-1]));
    return flat.reshape([...indices.shape, this.embeddingDim]);
  }

  override extraRepr(): string {
    return `${this.numEmbeddings}, ${this.embeddingDim}`;
  }
}
