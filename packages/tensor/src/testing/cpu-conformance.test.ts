import { describe, expect, it } from 'vitest';
import { cpu } from '@dnn/tensor';
import { backendConformanceSuite } from './conformance';

// The CPU computes in float64 too, so its gradients are checked by finite differences on the device itself.
backendConformanceSuite(() => cpu(), { describe, it, expect }, { name: 'cpu conformance', float64: true });
