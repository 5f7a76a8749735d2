import { cpu, type Device } from '@dnn/tensor';
import { UsageError } from './io';

export const DEVICES = ['cpu', 'webgpu'] as const;
export type DeviceName = (typeof DEVICES)[number];

/**
 * The device to train on. WebGPU needs the optional packages @dnn/webgpu and webgpu (Dawn for
 * Node); they are imported only here, only when asked for, so the CLI runs without them.
 */
export async function openDevice(name: DeviceName, command: string): Promise<Device> {
  if (name === 'cpu') return cpu();
  let webgpu: (opts: { gpu: GPU }) => Promise<Device>;
  let create: (flags: string[]) => GPU;
  try {
    ({ webgpu } = await import('@dnn/webgpu'));
    ({ create } = await import('webgpu'));
  } catch (e) {
    throw new UsageError(
      `dnn ${command}: --device webgpu needs the optional packages @dnn/webgpu and webgpu, which could not be loaded ` +
        `(${(e as Error).message.split('\n')[0]}); install them next to @dnn/cli, or use --device cpu`,
      command,
    );
  }
  try {
    return await webgpu({ gpu: create([]) });
  } catch (e) {
    throw new Error(`dnn ${command}: could not open a WebGPU device: ${(e as Error).message}`);
  }
}
