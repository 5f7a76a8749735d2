/**
 * @dnn/tensor/testing — tools for testing dnn and its backends: tolerant comparison, finite-difference
 * gradient checks, float64 reference implementations of the primitives, the backend conformance suite,
 * and the layer convention check every package runs over its exported Module classes.
 * Framework-neutral: nothing here imports a test runner.
 * @packageDocumentation
 */
export { allclose, expectClose, compareClose, NotCloseError } from './allclose';
export type { CloseOptions, CloseResult, Numeric } from './allclose';
export { gradcheck, gradgradcheck, GradcheckError } from './gradcheck';
export type { GradcheckOptions, GradcheckReport, InputReport } from './gradcheck';
export { hostUniform, hostProjection } from './host-random';
export { checkModuleConventions, checkModuleClass, checkModuleInstance, exportedModuleClasses } from './module-conventions';
export type { ModuleExample, ConventionCheckOptions } from './module-conventions';
export { backendConformanceSuite } from './conformance';
export type { ConformanceOptions, TestApi, Tolerance } from './conformance';
export { primitiveCases } from './conformance-cases';
export type { PrimitiveCase } from './conformance-cases';
export type { InputSpec } from './conformance-context';
export * as reference from './reference';
export * as referenceConv from './reference-conv';
export type { Ref } from './reference';
