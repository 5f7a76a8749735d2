import { noGrad, tidy, keep, zeros, randperm, type Generator, type Tensor, ValueError } from '@dnn/tensor';
import { cdGradient, type RBMGradients } from './contrastive-divergence';
import { generatorDraws, type Draws } from './draws';
import type { RBM } from './rbm';

export interface RBMTrainingOptions {
  /** Learning rate (default 0.1). */
  lr?: number;
  /** Gibbs steps per update (default 1). */
  k?: number;
  /** Persistent CD with this many chains (default 0: plain CD-k). */
  persistentChains?: number;
  /** Momentum of the parameter velocities (default 0). */
  momentum?: number;
  /** L2 weight decay on W, subtracted as lr·decay·W (default 0). */
  weightDecay?: number;
  /** Target mean activation q* of each hidden unit (default: none). */
  sparsityTarget?: number;
  /** Strength of the sparsity penalty (default 0.1 when a target is set). */
  sparsityCost?: number;
  /** Decay of the running mean activation q (default 0.9). */
  sparsityDecay?: number;
  generator?: Generator;
  draws?: Draws;
}

type Key = keyof RBMGradients;

/**
 * Applies contrastive-divergence updates to an RBM, one mini-batch per `step`:
 * velocity ← momentum·velocity + lr·(gradient − decay·W); parameter += velocity. The sparsity
 * target adds cost·(q* − q) to the hidden biases and cost·(q* − q)⟨v⟩ᵀ to W, with q the running
 * mean of p(h | v) over batches.
 */
export class RBMTrainer {
  private velocity = new Map<Key, Tensor>();
  /** The persistent chains' hidden states (PCD), or null. */
  chain: Tensor | null = null;
  /** Running mean activation of the hidden units (with a sparsity target), or null. */
  q: Tensor | null = null;
  private readonly draws: Draws;

  constructor(readonly rbm: RBM, readonly opts: RBMTrainingOptions = {}) {
    this.draws = opts.draws ?? generatorDraws(opts.generator);
    const chains = opts.persistentChains ?? 0;
    if (chains < 0 || !Number.isInteger(chains)) throw new ValueError(`RBMTrainer: persistentChains must be a non-negative integer, got ${chains}`);
    if (chains > 0) this.chain = zeros([chains, rbm.nHidden], { dtype: rbm.weight.dtype, device: rbm.weight.device });
  }

  /** One update from the batch v [N, nVisible]. */
  step(v: Tensor): void {
    const { rbm, opts } = this;
    const lr = opts.lr ?? 0.1;
    const momentum = opts.momentum ?? 0;
    noGrad(() => tidy(() => {
      const res = cdGradient(rbm, v, { k: opts.k, persistent: this.chain ?? undefined, draws: this.draws });
      if (res.chain) this.replace('chain', keep(res.chain));
      const g = res.grads;
      if (opts.weightDecay) g.weight = g.weight.sub(rbm.weight.mul(opts.weightDecay));
      if (opts.sparsityTarget !== undefined) {
        const decay = opts.sparsityDecay ?? 0.9;
        const batchQ = res.positiveHidden.mean(0);
        const q = this.q ? this.q.mul(decay).add(batchQ.mul(1 - decay)) : batchQ;
        this.replace('q', keep(q));
        const pull = q.neg().add(opts.sparsityTarget).mul(opts.sparsityCost ?? 0.1);
        g.hBias = g.hBias.add(pull);
        g.weight = g.weight.add(pull.reshape([-1, 1]).mul(rbm.scaled(v).mean(0).reshape([1, -1])));
      }
      for (const key of Object.keys(g) as Key[]) {
        const param = rbm[key];
        const grad = g[key];
        if (!param || !grad) continue;
        const prev = this.velocity.get(key);
        const vel = prev && momentum ? prev.mul(momentum).add(grad.mul(lr)) : grad.mul(lr);
        param.assign(param.add(vel));
        if (momentum) { prev?.dispose(); this.velocity.set(key, keep(vel)); }
      }
    }));
  }

  private replace(field: 'chain' | 'q', t: Tensor): void {
    const old = this[field];
    this[field] = t;
    if (old && old !== t) old.dispose();
  }

  dispose(): void {
    for (const v of this.velocity.values()) v.dispose();
    this.velocity.clear();
    this.chain?.dispose();
    this.q?.dispose();
  }
}

export interface FitRBMOptions extends RBMTrainingOptions {
  epochs: number;
  /** Rows per update (default 10). */
  batchSize?: number;
  /** Shuffle the rows every epoch with the generator (default false: consecutive slices, as scikit-learn). */
  shuffle?: boolean;
  /** Called after each epoch. */
  onEpoch?: (epoch: number) => void;
}

/** Trains an RBM on the rows of data for some epochs (the layer-wise loop the DBN and DBM reuse). */
export function fitRBM(rbm: RBM, data: Tensor, opts: FitRBMOptions): RBMTrainer {
  const trainer = new RBMTrainer(rbm, opts);
  const n = data.shape[0]!;
  const bs = opts.batchSize ?? 10;
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    const order = opts.shuffle ? shuffled(n, opts.generator, data) : null;
    for (let start = 0; start < n; start += bs) {
      const len = Math.min(bs, n - start);
      tidy(() => {
        const batch = order ? data.indexSelect(0, order.narrow(0, start, len)) : data.narrow(0, start, len);
        trainer.step(batch);
      });
    }
    order?.dispose();
    opts.onEpoch?.(epoch);
  }
  return trainer;
}

function shuffled(n: number, generator: Generator | undefined, like: Tensor): Tensor {
  return randperm(n, { generator, device: like.device });
}
