import { fashionMnistFromBytes, FASHION_MNIST_FILES, type FashionMnistFile, type ImageSplit, type NamedBytes } from '@dnn/data';

/**
 * The embedded Fashion-MNIST subset of @dnn/data (6,000 train / 1,000 test images), fetched from `./data/`
 * next to the page (the server and the static build put the four .gz files there) and parsed in the browser.
 */
export async function loadFashionMnist(onProgress: (done: number, total: number) => void): Promise<{ train: ImageSplit; test: ImageSplit }> {
  const entries = Object.entries(FASHION_MNIST_FILES) as [FashionMnistFile, string][];
  let done = 0;
  const files = await Promise.all(entries.map(async ([key, name]) => {
    const res = await fetch(`./data/${name}`);
    if (!res.ok) throw new Error(`could not load the data set: ${name} answered ${res.status} ${res.statusText}`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    onProgress(++done, entries.length);
    return [key, { name, bytes }] as [FashionMnistFile, NamedBytes];
  }));
  return fashionMnistFromBytes(Object.fromEntries(files) as Record<FashionMnistFile, NamedBytes>);
}
