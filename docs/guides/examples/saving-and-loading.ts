/** docs/guides/saving-and-loading.md: safetensors bytes, files, and a checkpoint that resumes a run. */
import { Generator, Linear, optim, randint, randn, safetensors } from '@dnn/tensor';
import { loadFile, saveFile } from '@dnn/tensor/node';
import { fit, restoreState } from '@dnn/train';
import { checkpoint, loadCheckpoint } from '@dnn/train/node';

export async function bytes() {
  const model = new Linear(4, 2);
  const bytes = await safetensors.encode(model.stateDict(), { metadata: { note: 'a linear layer' } });
  const { tensors, metadata } = safetensors.decode(bytes);
  const copy = new Linear(4, 2);
  copy.loadStateDict(tensors, { strict: true });
  return { model, copy, metadata };
}

export async function files(dir: string) {
  const model = new Linear(4, 2);
  const copy = new Linear(4, 2);
  await saveFile(`${dir}/linear.safetensors`, model.stateDict());
  copy.loadStateDict((await loadFile(`${dir}/linear.safetensors`)).tensors);
  return { model, copy };
}

export async function resume(dir: string) {
  const g = new Generator(0);
  const batches = [{ x: randn([32, 4], { generator: g }), y: randint(0, 2, [32], { generator: g }) }];
  const model = new Linear(4, 2);
  const optimizer = new optim.SGD(model.parameters(), { lr: 0.1 });
  await fit(model, { train: batches, optimizer, epochs: 2, callbacks: [checkpoint(dir)] });
  // later, in another process: the same model and optimizer, then the saved state
  const state = await loadCheckpoint(`${dir}/checkpoint.safetensors`);
  const again = new Linear(4, 2);
  const optimizer2 = new optim.SGD(again.parameters(), { lr: 0.1 });
  const startEpoch = restoreState(state, { model: again, optimizer: optimizer2 });
  const { logs } = await fit(again, { train: batches, optimizer: optimizer2, epochs: 4, startEpoch, history: state.logs });
  return { model, again, startEpoch, logs };
}
