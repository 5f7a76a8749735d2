import type { Tensor } from '../tensor';
import { tidy } from '../memory';
import { isGradEnabled, noGrad } from '../autograd/mode';
import { opObserver } from '../autograd/observer';
import { apply } from '../autograd/engine';
import { concat } from '../ops/movement';
import { fromTypedArray } from '../ops/creation';
import type { PrimitiveParams } from './params';
import { gruCellGrad, lstmCellGrad } from './rnn-cells';
import { fromBuffer, viewOf } from './dispatch';
import { StepRows, columnsOf, stepOf } from './rnn-step-rows';
import { unbroadcast } from '../autograd/unbroadcast';

/**
 * One recurrent layer-direction over a whole sequence (the `rnnSequence` primitive). The forward loops
 * the steps with the fused cells and no tape, keeping what the backward needs: the state entering each
 * step, the hidden part of the gates and the cell's output. The backward loops the steps in reverse for
 * the gates' gradients, then forms every weight gradient as ONE product over all T·N rows (a per-step
 * product has only N = batch rows to sum over). Both passes are tensor ops, so every backend runs them;
 * when the gradient itself is recorded (higher-order gradients) the rule replays the forward with the
 * tape on and takes the same steps through the cells' differentiable composite forms.
 *
 * Inputs — LSTM: [gi [T, N, 4H], h0 [N, P], c0 [N, H], W_hh [4H, P], (W_hr [P, H]), (b [4H] with `bias`:
 *          added to the gates of every step, (gi + b) + h·W_hhᵀ, inside the step's kernel where it has one)];
 *          GRU:  [gi [T, N, 3H], h0 [N, H], W_hh [3H, H], (b_hh [3H]), (b_ih [3H] with `bias`: added to gi first)].
 * The primary output packs output [T, N, P], hN [N, P] (and cN [N, H]) into one tensor, so one gradient
 * reaches them all (in that order, flattened).
 */

type Params = PrimitiveParams['rnnSequence'];

/**
 * What the backward reads, per step t (kept as T separate tensors: stacking them would copy every
 * step's values once more for nothing).
 */
export interface SequenceSaved {
  /** h entering step t, [N, P]. */
  hPrev: Tensor[];
  /** h·W_hhᵀ (+ b_hh for GRU) of step t, [N, G]; with the tape off, the step's activations instead (LSTM [N, 5H], GRU [N, 4H]). */
  gh: Tensor[];
  /** LSTM: c entering step t, [N, H]. */
  cPrev?: Tensor[];
  /** LSTM: the cell's [h', c'] of step t (h' before the projection), [N, 2H]. */
  out?: Tensor[];
}

/** [N, 1] masks, true where step t lies inside sequence n; null without lengths. */
export function sequenceMasks(lengths: readonly number[] | null, T: number, like: Tensor): Tensor[] | null {
  if (!lengths) return null;
  return Array.from({ length: T }, (_, t) =>
    fromTypedArray(Uint8Array.from(lengths, (len) => (t < len ? 1 : 0)), [lengths.length, 1], { dtype: 'bool', device: like.device }));
}

/**
 * [output, hN (, cN)] as one tensor: stacked along rows when all are [N, W] alike ([(T + 2)·N, W], no
 * copy of strided steps before the one concat), else flat.
 */
function pack(pieces: Tensor[]): Tensor {
  const W = pieces[0]!.shape[1]!;
  return pieces.every((p) => p.shape[1] === W) ? concat(pieces, 0) : concat(pieces.map((p) => p.reshape([-1])), 0);
}

/**
 * The optional inputs after W_hh: an LSTM's [W_hr, b], a GRU's [b_hh, b_ih] (either may be absent; the
 * bias added to gi is last when `bias` is set).
 */
export function sequenceExtras(inputs: readonly Tensor[], { cell, bias }: Params): [Tensor | undefined, Tensor | undefined] {
  const at = cell === 'lstm' ? 4 : 3;
  return [inputs.length > (bias ? at + 1 : at) ? inputs[at] : undefined, bias ? inputs[inputs.length - 1] : undefined];
}

/** Runs the steps with whatever grad mode is on: each step's output, the final states and the saved pieces. */
export function sequenceSteps(inputs: readonly Tensor[], params: Params): { ys: Tensor[]; h: Tensor; c: Tensor | null; saved: SequenceSaved } {
  const { cell, reverse, lengths } = params;
  const gi = inputs[0]!, T = gi.shape[0]!;
  const lstm = cell === 'lstm';
  const be = gi.device.backend;
  // with the tape off the kernels that keep each step's activations run (the backward then needs no exp or tanh)
  const fused = !isGradEnabled() && opObserver === null && (lstm ? be.lstmCellAct : be.gruCellAct) !== undefined;
  const [h0, c0, wHh] = lstm ? [inputs[1]!, inputs[2]!, inputs[3]!] : [inputs[1]!, null, inputs[2]!];
  // W_hr or b_hh, and the bias added to gi
  const [extra, bias] = sequenceExtras(inputs, params);
  const masks = sequenceMasks(lengths, T, gi);
  const wT = wHh.mT();
  const wHrT = lstm && extra ? extra.mT() : null;
  let h = h0, c = c0;
  const ys: Tensor[] = new Array(T), hPrev: Tensor[] = new Array(T), cPrev: Tensor[] = new Array(T);
  const ghs: Tensor[] = new Array(T), outs: Tensor[] = new Array(T);
  for (let k = 0; k < T; k++) {
    const t = reverse ? T - 1 - k : k;
    const git = stepOf(gi, t);
    let gh = h.matmul(wT);
    let h2: Tensor, c2: Tensor | null = null;
    if (lstm) {
      let out: Tensor;
      // with the tape off, the kernel also keeps the activations: they stand in for gh in the saved steps
      if (fused) [out, gh] = lstmStepKeepingActivations(git, c!, gh, bias);
      else out = apply('lstmCell', [bias ? git.add(bias) : git, c!, gh], {});
      const H = c!.shape[1]!;
      h2 = columnsOf(out, 0, H);
      c2 = columnsOf(out, H, H);
      if (wHrT) h2 = h2.matmul(wHrT);
      outs[t] = out;
      cPrev[t] = c!;
    } else if (fused) {
      // b_hh goes in inside the kernel; the activations stand in for gh in the saved steps
      [h2, gh] = gruStepKeepingActivations(git, gh, h, extra, bias);
    } else {
      if (extra) gh = gh.add(extra);
      h2 = apply('gruCell', [bias ? git.add(bias) : git, gh, h], {});
    }
    hPrev[t] = h;
    ghs[t] = gh;
    const m = masks?.[t];
    ys[t] = m ? m.where(h2, 0) : h2;
    h = m ? m.where(h2, h) : h2;
    if (lstm) c = m ? m.where(c2!, c!) : c2;
  }
  return { ys, h, c, saved: lstm ? { hPrev, gh: ghs, cPrev, out: outs } : { hPrev, gh: ghs } };
}

/** The steps, packed as the primitive's output. */
export function sequenceForward(inputs: readonly Tensor[], params: Params): { packed: Tensor; saved: SequenceSaved } {
  const { ys, h, c, saved } = sequenceSteps(inputs, params);
  return { packed: pack([...ys, h, ...(c ? [c] : [])]), saved };
}

const savedList = (s: SequenceSaved): Tensor[] => [...s.hPrev, ...s.gh, ...(s.cPrev ?? []), ...(s.out ?? [])];

/** The saved steps back from the primitive's extra outputs [packed, ...hPrev, ...gh, (...cPrev, ...out)]. */
function savedFrom(extras: readonly Tensor[], T: number, lstm: boolean): SequenceSaved {
  const part = (k: number) => extras.slice(1 + k * T, 1 + (k + 1) * T);
  return lstm ? { hPrev: part(0), gh: part(1), cPrev: part(2), out: part(3) } : { hPrev: part(0), gh: part(1) };
}

/** The primitive's forward: no tape, one result plus the saved pieces as extra outputs. */
export function rnnSequenceForward(inputs: readonly Tensor[], params: Params): Tensor[] {
  return noGrad(() => tidy(() => {
    const { packed, saved } = sequenceForward(inputs, params);
    // h0 and c0 are saved as the first step's state: a view of their own, so releasing extras spares them
    return [packed, ...savedList(saved).map((t) => (inputs.includes(t) ? viewOf(t, t.shape, t.strides, t.offset) : t))];
  }));
}

/**
 * The gradients of [gi, h0, (c0), W_hh, (W_hr | b_hh)] for g, the gradient of the packed output. `extras`
 * are the forward's outputs; `recorded` replays the forward on the tape instead (higher-order gradients).
 */
export function rnnSequenceGrad(g: Tensor, inputs: readonly Tensor[], params: Params, extras: readonly Tensor[], needs: readonly boolean[], recorded: boolean): (Tensor | null)[] {
  const lstm = params.cell === 'lstm';
  const { packed, saved } = recorded ? sequenceForward(inputs, params) : { packed: extras[0]!, saved: savedFrom(extras, inputs[0]!.shape[0]!, lstm) };
  const flat = g.reshape([-1]);
  const hPrevRows = statesEntering(packed, inputs[1]!, params, saved);
  const grads = lstm ? lstmSequenceGrad(flat, inputs, params, saved, hPrevRows) : gruSequenceGrad(flat, inputs, params, saved, hPrevRows);
  return grads.map((d, i) => (needs[i] ? d : null));
}

/**
 * The state entering every step, [T·N, P], in step order: for the weight gradient's one product. Without
 * lengths it is h0 and the packed output's rows shifted by one step (two dense pieces), else the saved
 * steps (one strided piece each).
 */
function statesEntering(packed: Tensor, h0: Tensor, { reverse, lengths }: Params, s: SequenceSaved): Tensor {
  const T = s.hPrev.length, [N, P] = h0.shape as [number, number];
  if (lengths || packed.rank !== 2 || packed.shape[1] !== P) return concat(s.hPrev, 0);
  if (T === 1) return h0;
  const outputs = packed.narrow(0, reverse ? N : 0, (T - 1) * N);
  return concat(reverse ? [outputs, h0] : [h0, outputs], 0);
}

/** One LSTM step through the backend's kernel that also returns act [N, 5H] = σ(i), σ(f), tanh(g), σ(o), tanh(c'). */
function lstmStepKeepingActivations(gates: Tensor, c: Tensor, gh: Tensor, bias: Tensor | undefined): [Tensor, Tensor] {
  const [out, act] = gates.device.backend.lstmCellAct!(gates.viewFor('lstmCell'), c.viewFor('lstmCell'), gh.viewFor('lstmCell'), bias?.viewFor('lstmCell'));
  const [N, H] = c.shape as [number, number];
  return [fromBuffer(gates, out, gates.dtype, [N, 2 * H]), fromBuffer(gates, act, gates.dtype, [N, 5 * H])];
}

/** One GRU step on (gi + b_ih) and gh + b_hh through the backend's kernel that also returns act [N, 4H] = r, z, n, gh_n + b_n. */
function gruStepKeepingActivations(gi: Tensor, gh: Tensor, h: Tensor, bias: Tensor | undefined, biasIh: Tensor | undefined): [Tensor, Tensor] {
  const [out, act] = gi.device.backend.gruCellAct!(gi.viewFor('gruCell'), gh.viewFor('gruCell'), h.viewFor('gruCell'), bias?.viewFor('gruCell'), biasIh?.viewFor('gruCell'));
  const [N, H] = h.shape as [number, number];
  return [fromBuffer(gi, out, gi.dtype, [N, H]), fromBuffer(gi, act, gi.dtype, [N, 4 * H])];
}

/**
 * [dgi, dgh, dh] of a GRU step from its saved activations, for h's gradient given as (a + b) + c (one to
 * three parts); with `rows`, dgi and dgh are step t's rows of the sequence's buffers.
 */
function gruGradFromActivations(act: Tensor, h: Tensor, dOut: Tensor[], rows?: { to: StepRows; t: number }): [Tensor, Tensor, Tensor] {
  const [a, b, c] = dOut.map((t) => t.viewFor('gruCell'));
  const [dx, dy, dh] = act.device.backend.gruCellActBackward!(act.viewFor('gruCell'), h.viewFor('gruCell'), a!, b, c, rows?.to.into(rows.t));
  const [N, H] = h.shape as [number, number];
  const [dgi, dgh] = rows ? rows.to.rows(rows.t, [dx, dy], act) : [fromBuffer(act, dx, act.dtype, [N, 3 * H]), fromBuffer(act, dy, act.dtype, [N, 3 * H])];
  return [dgi!, dgh!, fromBuffer(act, dh, act.dtype, [N, H])];
}

/** [dgates, dc_prev] of an LSTM step from its saved activations (no exp or tanh); h's gradient is dh (+ dy); with `rows`, dgates is step t's rows of the sequence's buffer. */
function lstmGradFromActivations(act: Tensor, c: Tensor, dh: Tensor, dc: Tensor, dy?: Tensor, rows?: { to: StepRows; t: number }): [Tensor, Tensor] {
  const [dx, dcPrev] = act.device.backend.lstmCellActBackward!(act.viewFor('lstmCell'), c.viewFor('lstmCell'), dh.viewFor('lstmCell'), dc.viewFor('lstmCell'), dy?.viewFor('lstmCell'), rows?.to.into(rows.t));
  const dgates = rows ? rows.to.rows(rows.t, [dx], act)[0]! : fromBuffer(act, dx, act.dtype, [act.shape[0]!, 4 * c.shape[1]!]);
  return [dgates, fromBuffer(act, dcPrev, act.dtype, c.shape)];
}

/** Steps t in the order the backward visits them: the forward's order reversed. */
function backwardOrder(T: number, reverse: boolean): number[] {
  return Array.from({ length: T }, (_, k) => (reverse ? k : T - 1 - k));
}

/** Splits the gradient of the state leaving a step into the cell's part (masked) and the part a padded step passes on. */
function maskStep(m: Tensor | undefined, dNext: Tensor, dCarry: Tensor): [Tensor, Tensor | null] {
  return m ? [m.where(dNext, 0), m.where(0, dCarry)] : [dNext, null];
}

function lstmSequenceGrad(g: Tensor, inputs: readonly Tensor[], params: Params, s: SequenceSaved, hPrevRows: Tensor): Tensor[] {
  const { reverse, lengths } = params;
  const [gi, , c0, wHh] = inputs;
  const [wHr, bias] = sequenceExtras(inputs, params);
  const [T, N] = gi!.shape as [number, number];
  const H = c0!.shape[1]!, P = wHh!.shape[1]!;
  const masks = sequenceMasks(lengths, T, gi!);
  const dY = g.narrow(0, 0, T * N * P).reshape([T, N, P]);
  let dh = g.narrow(0, T * N * P, N * P).reshape([N, P]);
  let dc = g.narrow(0, T * N * P + N * P, N * H).reshape([N, H]);
  const dGates: Tensor[] = new Array(T), dProj: Tensor[] = new Array(T);
  // every step through the activations' kernel: its dgates go straight into one [T·N, 4H] buffer
  const rows = !masks && !wHr && s.gh[0]!.shape[1] === 5 * H ? new StepRows(T, N, 4 * H) : null;
  for (const t of backwardOrder(T, reverse)) {
    const m = masks?.[t], saved = s.gh[t]!;
    const fromActivations = saved.shape[1] === 5 * H;
    let dgates: Tensor, dcPrev: Tensor, carryH: Tensor | null = null, carryC: Tensor | null = null;
    if (fromActivations && !m && !wHr) {
      // the kernel adds the output's gradient to the state's
      [dgates, dcPrev] = lstmGradFromActivations(saved, s.cPrev![t]!, dh, dc, stepOf(dY, t), rows ? { to: rows, t } : undefined);
    } else {
      let dOut: Tensor, dcOut: Tensor;
      [dOut, carryH] = maskStep(m, dh.add(stepOf(dY, t)), dh);
      [dcOut, carryC] = maskStep(m, dc, dc);
      let dhc = dOut;
      if (wHr) {
        dProj[t] = dOut;
        dhc = dOut.matmul(wHr);
      }
      [dgates, dcPrev] = fromActivations ? lstmGradFromActivations(saved, s.cPrev![t]!, dhc, dcOut)
        : lstmCellGrad(concat([dhc, dcOut], 1), bias ? stepOf(gi!, t).add(bias) : stepOf(gi!, t), s.cPrev![t]!, s.out![t]!, saved);
    }
    dGates[t] = dgates;
    dh = dgates.matmul(wHh!);
    dc = dcPrev;
    if (carryH) dh = dh.add(carryH);
    if (carryC) dc = dc.add(carryC);
  }
  // every step's rows one under the other: each weight gradient is one product over T·N rows
  const dGatesRows = rows ? rows.all()[0]! : concat(dGates, 0);
  const grads = [dGatesRows.reshape([T, N, 4 * H]), dh, dc, dGatesRows.mT().matmul(hPrevRows)];
  if (wHr) grads.push(concat(dProj, 0).mT().matmul(concat(s.out!.map((o) => o.narrow(1, 0, H)), 0)));
  // the bias's gradient as an add's: the gates' gradient summed over the rows
  if (bias) grads.push(unbroadcast(dGatesRows, bias.shape));
  return grads;
}

function gruSequenceGrad(g: Tensor, inputs: readonly Tensor[], params: Params, s: SequenceSaved, hPrevRows: Tensor): Tensor[] {
  const { reverse, lengths } = params;
  const [gi, , wHh] = inputs;
  const [bHh, bIh] = sequenceExtras(inputs, params);
  const [T, N] = gi!.shape as [number, number];
  const H = wHh!.shape[1]!;
  const masks = sequenceMasks(lengths, T, gi!);
  const dY = g.narrow(0, 0, T * N * H).reshape([T, N, H]);
  // the state's gradient as the sum of its parts, which the activations' kernel adds itself
  let dhParts: Tensor[] = [g.narrow(0, T * N * H, N * H).reshape([N, H])];
  const sum = (parts: Tensor[]) => parts.reduce((a, b) => a.add(b));
  const dGi: Tensor[] = new Array(T), dGh: Tensor[] = new Array(T);
  // every step through the activations' kernel: its dgi and dgh go straight into [T·N, 3H] buffers
  const rows = !masks && s.gh[0]!.shape[1] === 4 * H ? new StepRows(T, N, 3 * H) : null;
  for (const t of backwardOrder(T, reverse)) {
    const m = masks?.[t], saved = s.gh[t]!;
    const fromActivations = saved.shape[1] === 4 * H;
    let dgi: Tensor, dgh: Tensor, dhDirect: Tensor, carry: Tensor | null = null;
    if (fromActivations && !m) {
      [dgi, dgh, dhDirect] = gruGradFromActivations(saved, s.hPrev[t]!, [...dhParts, stepOf(dY, t)], rows ? { to: rows, t } : undefined);
    } else {
      let dOut: Tensor;
      const dh = sum(dhParts);
      [dOut, carry] = maskStep(m, dh.add(stepOf(dY, t)), dh);
      [dgi, dgh, dhDirect] = fromActivations ? gruGradFromActivations(saved, s.hPrev[t]!, [dOut]) : gruCellGrad(dOut, bIh ? stepOf(gi!, t).add(bIh) : stepOf(gi!, t), saved, s.hPrev[t]!);
    }
    dGi[t] = dgi;
    dGh[t] = dgh;
    dhParts = [dhDirect, dgh.matmul(wHh!)];
    if (carry) dhParts = [sum(dhParts).add(carry)];
  }
  const dh = sum(dhParts);
  const [dgiAll, dghAll] = rows ? rows.all() as [Tensor, Tensor] : [concat(dGi, 0), concat(dGh, 0)];
  const grads = [dgiAll.reshape([T, N, 3 * H]), dh, dghAll.mT().matmul(hPrevRows)];
  if (bHh) grads.push(dghAll.sum(0));
  // b_ih's gradient as an add's: gi's gradient summed over the rows
  if (bIh) grads.push(unbroadcast(dgiAll, bIh.shape));
  return grads;
}
