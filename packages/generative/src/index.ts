/**
 * @dnn/generative — deep generative networks of dnn: variational autoencoders, generative adversarial
 * networks, a RealNVP flow with exact likelihood, their class-conditional variants, the Fréchet
 * distance, and sample augmentation for few-shot learning.
 * @packageDocumentation
 */
export { gaussianKL, gaussianKLStandard, gaussianLogProb, standardNormalLogProb, bernoulliLogProb, sumPerSample } from './distributions';
export { reparameterize, stdFromLogvar } from './reparameterize';
export { oneHot } from './one-hot';
export { MLP, activate } from './mlp';
export type { MLPOptions, Activation } from './mlp';
export { MLPEncoder, MLPDecoder } from './mlp-vae-nets';
export type { ConditionalOptions } from './mlp-vae-nets';
export { VAE } from './vae';
export type { VAEOptions, VAEEncoder, VAEDecoder, ElboOptions, ElboTerms } from './vae';
export { AffineCoupling } from './coupling';
export type { AffineCouplingOptions } from './coupling';
export { RealNVP, bitsPerDim } from './realnvp';
export type { RealNVPOptions } from './realnvp';
export { twoMoons, ring } from './toy-data';
export type { ToyDataOptions } from './toy-data';
export { discriminatorLoss, generatorLoss, criticLoss, wassersteinGeneratorLoss, gradientPenalty } from './gan-losses';
export type { GradientPenaltyOptions } from './gan-losses';
export { MLPGenerator, MLPDiscriminator } from './mlp-gan-nets';
export type { OutputActivation } from './mlp-gan-nets';
export { GAN, ganStep } from './gan';
export type { GANGenerator, GANDiscriminator, GANStepOptions, GANBatch, GANStepResult } from './gan';
export { frechetDistance, frechetDistanceFromMoments, momentsOf } from './frechet';
export { symmetricEigen, sqrtPsd } from './linalg';
export type { Matrix } from './linalg';
export { summarize, pairedTTest, studentQuantile, studentTwoSidedP, incompleteBeta } from './stats';
export type { Summary } from './stats';
export { fewShotSubset, generateLabeled, concatLabeled, augmentationTrial } from './augment';
export type { LabeledSet, AugmentationTrialOptions } from './augment';
export { ConvEncoder, ConvDecoder } from './conv-vae-nets';
export type { ConvNetOptions } from './conv-vae-nets';
export { DCGANGenerator, DCGANDiscriminator } from './dcgan';
export type { DCGANOptions } from './dcgan';
export { dequantize, logitTransform } from './dequantize';
