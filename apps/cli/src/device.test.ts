import { describe, expect, it, vi } from 'vitest';
import { cpu } from '@dnn/tensor';
import { openDevice } from './device';

vi.mock('@dnn/webgpu', () => {
  throw new Error("Cannot find package '@dnn/webgpu'");
});

describe('openDevice', () => {
  it('cpu is the default CPU device', async () => {
    expect(await openDevice('cpu', 'train')).toBe(cpu());
  });

  it('webgpu without the optional packages is a clear usage error', async () => {
    await expect(openDevice('webgpu', 'train')).rejects.toThrow(
      /^dnn train: --device webgpu needs the optional packages @dnn\/webgpu and webgpu, which could not be loaded \(.+\); install them next to @dnn\/cli, or use --device cpu$/,
    );
  });
});
