import {
  Module, Tensor, Linear, ShapeError, ValueError, DTypeError, concat, stack, full, arange, tensor, noGrad, tidy, nn, fmtShape,
  type Generator, type ModuleOptions,
} from '@dnn/tensor';
import { GRU } from './gru';
import { GRUCell } from './gru-cell';
import { AdditiveAttention, LuongAttention } from './attention';
import type { Lengths } from './lengths';

export interface Seq2SeqOptions extends ModuleOptions {
  /** Token embedding size (source and target). Default 32. */
  embeddingDim?: number;
  /** Encoder and decoder state size. Default 64. */
  hiddenSize?: number;
  /** 'luong' (general) or 'additive' (Bahdanau). Default 'luong'. */
  attention?: 'luong' | 'additive';
  /** The start token fed to the decoder first. Default 0. */
  bos?: number;
  generator?: Generator;
}

export interface DecodeResult {
  /** Logits [N, T, targetVocab] (teacher forcing) or chosen tokens [N, T] int32 (greedy). */
  tokens: Tensor;
  /** Attention of every output step over the source steps, [N, T, S]. */
  weights: Tensor;
  /** Greedy decoding only: the logits of every step [N, T, targetVocab] (its tokens are their argmax). */
  logits?: Tensor;
}

interface Memory { keys: Tensor; padding: Tensor | undefined }

/**
 * A sequence-to-sequence encoder–decoder with attention. The encoder is a GRU over the embedded source;
 * at each output step the decoder GRUCell reads the previous token's embedding and the previous
 * context (input feeding), attends over the encoder states (context = Σₛ αₛ·encₛ) and predicts the next
 * token from [hₜ; contextₜ]. Training uses teacher forcing (`forward`); `greedy` and `beam` decode.
 */
export class Seq2Seq extends Module {
  sourceEmbedding: nn.Embedding;
  targetEmbedding: nn.Embedding;
  encoder: GRU;
  decoder: GRUCell;
  attention: LuongAttention | AdditiveAttention;
  out: Linear;
  readonly hiddenSize: number;
  readonly bos: number;

  constructor(readonly sourceVocab: number, readonly targetVocab: number, opts: Seq2SeqOptions = {}) {
    super();
    const E = opts.embeddingDim ?? 32;
    const H = (this.hiddenSize = opts.hiddenSize ?? 64);
    this.bos = opts.bos ?? 0;
    if (!Number.isInteger(this.bos) || this.bos < 0 || this.bos >= targetVocab) throw new ValueError(`Seq2Seq: bos ${this.bos} is not a target token 0…${targetVocab - 1}`);
    this.sourceEmbedding = new nn.Embedding(sourceVocab, E, opts);
    this.targetEmbedding = new nn.Embedding(targetVocab, E, opts);
    this.encoder = new GRU(E, H, { ...opts, batchFirst: true });
    this.decoder = new GRUCell(E + H, H, opts);
    this.attention = opts.attention === 'additive' ? new AdditiveAttention(H, H, H, opts) : new LuongAttention(H, H, opts);
    this.out = new Linear(2 * H, targetVocab, opts);
  }

  private checkTokens(t: Tensor, what: string): void {
    if (t.dtype !== 'int32') throw new DTypeError(`Seq2Seq: ${what} tokens must be int32, got ${t.dtype}`);
    if (t.rank !== 2) throw new ShapeError(`Seq2Seq: expected ${what} tokens [N, T], got ${fmtShape(t.shape)}`);
  }

  /** Encodes source tokens [N, S]: the encoder states and the decoder's first state. */
  encode(source: Tensor, lengths?: Lengths): { memory: Memory; state: Tensor } {
    this.checkTokens(source, 'source');
    const { output, hN } = this.encoder.forward(this.sourceEmbedding.forward(source), undefined, { lengths });
    let padding: Tensor | undefined;
    if (lengths !== undefined) {
      const lens = lengths instanceof Tensor ? lengths.reshape([-1, 1]) : tensor(Int32Array.from(lengths), { shape: [lengths.length, 1], device: source.device });
      padding = arange(0, source.shape[1]!, 1, { dtype: 'int32', device: source.device }).ge(lens); // true past each sequence's end
    }
    return { memory: { keys: output, padding }, state: hN.select(0, 0) };
  }

  /** One decoder step: the next state, context, logits and attention weights. */
  step(token: Tensor, state: Tensor, context: Tensor, memory: Memory): { state: Tensor; context: Tensor; logits: Tensor; weights: Tensor } {
    const h = this.decoder.forward(concat([this.targetEmbedding.forward(token), context], 1), state);
    const att = this.attention.forward(h, memory.keys, memory.keys, { keyPaddingMask: memory.padding });
    return { state: h, context: att.output, logits: this.out.forward(concat([h, att.output], 1)), weights: att.weights };
  }

  private zeroContext(memory: Memory): Tensor {
    const k = memory.keys;
    return full([k.shape[0]!, this.hiddenSize], 0, { dtype: k.dtype, device: k.device });
  }

  /**
   * Teacher forcing: `targetIn` [N, T] is the target shifted right (bos first); returns the logits
   * [N, T, targetVocab] for the target itself and the attention weights.
   */
  forward(source: Tensor, targetIn: Tensor, opts: { sourceLengths?: Lengths } = {}): DecodeResult {
    this.checkTokens(targetIn, 'target');
    if (targetIn.shape[0] !== source.shape[0]) throw new ShapeError(`Seq2Seq: source ${fmtShape(source.shape)} and target ${fmtShape(targetIn.shape)} differ in batch size`);
    const { memory, state: s0 } = this.encode(source, opts.sourceLengths);
    let state = s0, context = this.zeroContext(memory);
    const logits: Tensor[] = [], weights: Tensor[] = [];
    for (let t = 0; t < targetIn.shape[1]!; t++) {
      const r = this.step(targetIn.select(1, t), state, context, memory);
      ({ state, context } = r);
      logits.push(r.logits);
      weights.push(r.weights);
    }
    return { tokens: stack(logits, 1), weights: stack(weights, 1) };
  }

  /** Greedy decoding of `steps` tokens: each step feeds back the most likely token. */
  greedy(source: Tensor, steps: number, opts: { sourceLengths?: Lengths } = {}): DecodeResult {
    return noGrad(() => {
      const { memory, state: s0 } = this.encode(source, opts.sourceLengths);
      let state = s0, context = this.zeroContext(memory);
      let token = full([source.shape[0]!], this.bos, { dtype: 'int32', device: source.device });
      const tokens: Tensor[] = [], weights: Tensor[] = [], logits: Tensor[] = [];
      for (let t = 0; t < steps; t++) {
        const r = this.step(token, state, context, memory);
        ({ state, context } = r);
        token = r.logits.argmax(-1).cast('int32');
        tokens.push(token);
        weights.push(r.weights);
        logits.push(r.logits);
      }
      return { tokens: stack(tokens, 1), weights: stack(weights, 1), logits: stack(logits, 1) };
    });
  }

  /**
   * Beam search for one source sequence [1, S] (or [S]): keeps the `beamSize` best partial outputs by
   * total log-probability; a beam that emits `eos` is finished. Returns the best sequences (without
   * bos), best first, with their log-probabilities.
   */
  beam(source: Tensor, steps: number, opts: { beamSize?: number; eos?: number } = {}): { tokens: number[]; logProb: number }[] {
    const B = opts.beamSize ?? 4;
    if (!Number.isInteger(B) || B < 1) throw new ValueError(`Seq2Seq.beam: beamSize must be a positive integer, got ${B}`);
    const src = source.rank === 1 ? source.unsqueeze(0) : source;
    if (src.shape[0] !== 1) throw new ShapeError(`Seq2Seq.beam: decodes one sequence at a time, got source ${fmtShape(source.shape)}`);
    return noGrad(() => {
      const enc = this.encode(src);
      let beams = [{ tokens: [] as number[], logProb: 0 }];
      let state = enc.state, context = this.zeroContext(enc.memory);
      const finished: { tokens: number[]; logProb: number }[] = [];
      for (let t = 0; t < steps && beams.length; t++) {
        const n = beams.length;
        const memory = { keys: enc.memory.keys.expand([n, ...enc.memory.keys.shape.slice(1)]), padding: undefined };
        const last = Int32Array.from(beams, (b) => (b.tokens.length ? b.tokens[b.tokens.length - 1]! : this.bos));
        const r = tidy(() => {
          const s = this.step(tensorOf(last, src), state, context, memory);
          return { state: s.state, context: s.context, logp: s.logits.logSoftmax(-1) };
        });
        const logp = r.logp.dataSync();
        const V = this.targetVocab;
        const candidates: { from: number; token: number; logProb: number }[] = [];
        beams.forEach((b, i) => { for (let v = 0; v < V; v++) candidates.push({ from: i, token: v, logProb: b.logProb + Number(logp[i * V + v]) }); });
        candidates.sort((a, b) => b.logProb - a.logProb);
        const next: typeof beams = [], rows: number[] = [];
        for (const c of candidates) {
          if (next.length >= B) break;
          const tokens = [...beams[c.from]!.tokens, c.token];
          if (c.token === opts.eos) finished.push({ tokens, logProb: c.logProb });
          else { next.push({ tokens, logProb: c.logProb }); rows.push(c.from); }
        }
        const index = tensorOf(Int32Array.from(rows), src);
        state = r.state.indexSelect(0, index);
        context = r.context.indexSelect(0, index);
        beams = next;
      }
      return [...finished, ...beams].sort((a, b) => b.logProb - a.logProb).slice(0, B);
    });
  }
}

const tensorOf = (data: Int32Array, like: Tensor): Tensor => tensor(data, { dtype: 'int32', device: like.device });
