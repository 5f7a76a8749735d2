import { DnnError } from '@dnn/tensor';

/** A primitive (or a use of one) that ONNX cannot express; the message names the op and, when known, the module. */
export class UnsupportedOpError extends DnnError {
  constructor(readonly op: string, readonly modulePath: string | null, detail = 'has no ONNX equivalent') {
    super(`toOnnx: op '${op}'${modulePath ? ` in module '${modulePath}'` : ''} ${detail}`);
  }
}
