import { Generator, optim, tidy, noGrad, randperm, crossEntropy, concat, linspace, type Tensor, type Module } from '@dnn/tensor';
import { VAE, GAN, RealNVP, MLPEncoder, MLPDecoder, MLPGenerator, MLPDiscriminator, ganStep, logitTransform, bitsPerDim } from '@dnn/generative';
import { lenet5 } from '@dnn/models';

export const ALPHA = 0.05;

/** Minibatches of `batch` rows in a fresh random order for each of `epochs` passes. */
export function* minibatches(n: number, batch: number, epochs: number, g: Generator): IterableIterator<Tensor> {
  for (let e = 0; e < epochs; e++) {
    const order = randperm(n, { generator: g });
    for (let i = 0; i + batch <= n; i += batch) yield order.narrow(0, i, batch);
    order.dispose();
  }
}

function fit(model: Module, steps: Iterable<Tensor>, lr: number, loss: (idx: Tensor) => Tensor, log: (s: string) => void, what: string): void {
  const opt = new optim.Adam(model.parameters(), { lr });
  let i = 0;
  const t0 = Date.now();
  for (const idx of steps) {
    const l = tidy(() => { opt.zeroGrad(); const v = loss(idx); v.backward(); opt.step(); return v.item(); });
    if (++i % 100 === 0) log(`  ${what} step ${i}: loss ${l.toFixed(3)} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  }
}

export function trainVae(x: Tensor, epochs: number, log: (s: string) => void): VAE {
  const g = new Generator(1);
  const vae = new VAE(new MLPEncoder(784, [400], 20, { generator: g }), new MLPDecoder(20, [400], 784, { generator: g }));
  fit(vae, minibatches(x.shape[0]!, 128, epochs, g), 1e-3, (idx) => vae.elbo(x.indexSelect(0, idx), { generator: g }).loss, log, 'VAE');
  return vae;
}

/** The flow works on y = logit(α + (1 − 2α)x) of dequantized pixels; its logProb adds the transform's log-det. */
export function trainFlow(x: Tensor, epochs: number, log: (s: string) => void): RealNVP {
  const g = new Generator(2);
  const flow = new RealNVP(784, { numCouplings: 4, hidden: [256], generator: g });
  fit(flow, minibatches(x.shape[0]!, 128, epochs, g), 1e-3, (idx) => flowLogProb(flow, x.indexSelect(0, idx)).mean().neg(), log, 'flow');
  return flow;
}

export function flowLogProb(flow: RealNVP, x: Tensor): Tensor {
  const { y, logDet } = logitTransform(x, ALPHA);
  return flow.logProb(y).add(logDet);
}

export const flowBitsPerDim = (flow: RealNVP, x: Tensor): number => noGrad(() => bitsPerDim(flowLogProb(flow, x).mean().item(), 784));

/** Flow samples mapped back to [0, 1] pixels: x = (sigmoid(y) − α) / (1 − 2α). */
export const flowSamples = (flow: RealNVP, n: number, g: Generator): Tensor =>
  noGrad(() => flow.sample(n, { generator: g }).sigmoid().sub(ALPHA).div(1 - 2 * ALPHA).clamp(0, 1));

export function trainGan(x: Tensor, epochs: number, log: (s: string) => void): GAN {
  const g = new Generator(3);
  const gan = new GAN(new MLPGenerator(64, [256, 256], 784, { generator: g, outputActivation: 'sigmoid' }), new MLPDiscriminator(784, [256, 256], { generator: g }));
  const betas = [0.5, 0.999] as [number, number];
  const step = ganStep(gan, new optim.Adam(gan.generator.parameters(), { lr: 2e-4, betas }),
    new optim.Adam(gan.discriminator.parameters(), { lr: 2e-4, betas }), { labelSmoothing: 0.1, generator: g });
  let i = 0;
  for (const idx of minibatches(x.shape[0]!, 128, epochs, g)) {
    const r = tidy(() => step({ x: x.indexSelect(0, idx) }));
    if (++i % 100 === 0) log(`  GAN step ${i}: D ${r.lossD.toFixed(3)}, G ${r.lossG.toFixed(3)}`);
  }
  return gan;
}

/** LeNet-5 (modern) trained on the images; `features` gives its 84-wide penultimate activations (after f6 and ReLU). */
export function trainFeatureNet(x: Tensor, y: Tensor, epochs: number, log: (s: string) => void): { net: ReturnType<typeof lenet5>; features: (x: Tensor) => Tensor } {
  const g = new Generator(4);
  const net = lenet5({ variant: 'modern' });
  const img = (idx: Tensor) => x.indexSelect(0, idx).reshape([idx.shape[0]!, 1, 28, 28]);
  fit(net, minibatches(x.shape[0]!, 128, epochs, g), 1e-3, (idx) => crossEntropy(net.forward(img(idx)), y.indexSelect(0, idx)), log, 'LeNet-5');
  const body = net.layers.slice(0, -1) as unknown as { forward(t: Tensor): Tensor }[];
  const features = (t: Tensor) => noGrad(() => {
    const out: Tensor[] = [];
    for (let i = 0; i < t.shape[0]!; i += 500) {
      let h = t.narrow(0, i, Math.min(500, t.shape[0]! - i)).reshape([-1, 1, 28, 28]);
      for (const layer of body) h = layer.forward(h);
      out.push(h);
    }
    return concat(out, 0);
  });
  return { net, features };
}

/** Decoded means along the straight line between the posterior means of two images, `steps` points. */
export function interpolate(vae: VAE, a: Tensor, b: Tensor, steps: number): Tensor {
  return noGrad(() => {
    const [za, zb] = [vae.encode(a).mu, vae.encode(b).mu];
    const t = linspace(0, 1, steps).reshape([steps, 1]);
    return vae.decode(za.mul(t.rsub(1)).add(zb.mul(t))).sigmoid();
  });
}
