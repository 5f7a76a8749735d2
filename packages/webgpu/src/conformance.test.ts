import { afterAll, describe, expect, it } from 'vitest';
import { backendConformanceSuite } from '@dnn/tensor/testing';
import { testDevice } from './test-utils';
import { gpuDeviceOf } from './webgpu';

// The shared suite every backend runs; WebGPU computes in float32 only, so its gradients are
// compared with the CPU device's float64 gradients.
const gpu = await testDevice();
afterAll(() => gpuDeviceOf(gpu).destroy());

backendConformanceSuite(() => gpu, { describe, it, expect }, { name: 'webgpu conformance' });
