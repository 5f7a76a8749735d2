/**
 * @dnn/onnx — ONNX export: a module's forward pass traced at the tensor-op level, written as a standard
 * ONNX ModelProto with protobufjs.
 * @packageDocumentation
 */
export { toOnnx } from './export';
export type { ToOnnxOptions } from './export';
export { UnsupportedOpError } from './errors';
export { decodeModel } from './proto';
export type { ModelMessage } from './proto';
