import type { Device } from './device';
import type { DType } from './dtype';

/**
 * One backend buffer shared by every view of it. Handles count references; the buffer is freed
 * (and uncounted from its device) when the last handle lets go.
 */
export class Storage {
  refs = 0;
  constructor(
    readonly device: Device,
    readonly buffer: unknown,
    readonly dtype: DType,
    readonly size: number,
    readonly bytes: number,
  ) {
    device.liveBuffers++;
    device.liveBytes += bytes;
  }

  retain(): void {
    this.refs++;
  }

  release(): void {
    if (--this.refs > 0) return;
    this.device.liveBuffers--;
    this.device.liveBytes -= this.bytes;
    this.device.backend.free(this.buffer);
  }
}
