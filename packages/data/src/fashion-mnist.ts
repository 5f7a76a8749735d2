import { DatasetError, IdxError } from './errors';
import { readIdx, type IdxArray } from './idx';
import { baseName, isFile, joinPath, packageSubsetDir, readBytes, userCacheDir } from './node-io';

/** The four files of Fashion-MNIST, named as upstream and Debian's dataset-fashion-mnist name them. */
export const FASHION_MNIST_FILES = {
  trainImages: 'train-images-idx3-ubyte.gz',
  trainLabels: 'train-labels-idx1-ubyte.gz',
  testImages: 't10k-images-idx3-ubyte.gz',
  testLabels: 't10k-labels-idx1-ubyte.gz',
} as const;
export type FashionMnistFile = keyof typeof FASHION_MNIST_FILES;

/** Class names by label, from the upstream README. */
export const FASHION_MNIST_CLASSES = [
  'T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat',
  'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot',
] as const;

/** Where Debian's dataset-fashion-mnist package installs the files. */
export const SYSTEM_FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

/** One split: `count` images of rows×cols bytes (0..255, row-major) and their labels (0..9). */
export interface ImageSplit {
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
  rows: number;
  cols: number;
}

export type FashionMnistSource = 'dir' | 'system' | 'cache' | 'subset';

export interface FashionMnist {
  train: ImageSplit;
  test: ImageSplit;
  /** Which place the files came from. */
  source: FashionMnistSource;
  /** The folder the files were read from. */
  path: string;
}

export interface FashionMnistOptions {
  /** Looked at first. */
  dir?: string;
  /** Use the small subset shipped in this package (6,000 train / 1,000 test), whatever else exists. */
  subset?: boolean;
  /** Overrides the system folder (default /usr/share/datasets/fashion-mnist); null skips it. */
  systemDir?: string | null;
  /** Overrides the cache folder (default $XDG_CACHE_HOME/dnn/fashion-mnist); null skips it. */
  cacheDir?: string | null;
}

/**
 * Loads Fashion-MNIST from the first place that has all four files: `dir`, then the system
 * folder, then the user cache (where fetchFashionMnist puts them), then the embedded subset.
 * A folder with only some of the files is an error rather than skipped: that is a broken copy
 * the caller should hear about. Node only.
 */
export async function fashionMnist(options: FashionMnistOptions = {}): Promise<FashionMnist> {
  const candidates: [FashionMnistSource, string][] = [];
  if (!options.subset) {
    if (options.dir !== undefined) candidates.push(['dir', options.dir]);
    const system = options.systemDir === undefined ? SYSTEM_FASHION_MNIST_DIR : options.systemDir;
    if (system !== null) candidates.push(['system', system]);
    const cache = options.cacheDir === undefined ? await userCacheDir('fashion-mnist') : options.cacheDir;
    if (cache !== null) candidates.push(['cache', cache]);
  }
  candidates.push(['subset', await packageSubsetDir()]);

  for (const [source, dir] of candidates) {
    const paths = await findFiles(dir);
    if (paths === null) continue;
    const bytes = await readAll(paths);
    return { ...(await fashionMnistFromBytes(bytes)), source, path: dir };
  }
  throw new DatasetError(`Fashion-MNIST: not found in ${candidates.map((c) => c[1]).join(', ')}`);
}

/** Paths of the four files in `dir` (each as .gz or uncompressed), null when none is there. */
async function findFiles(dir: string): Promise<Record<FashionMnistFile, string> | null> {
  const found: Partial<Record<FashionMnistFile, string>> = {};
  const missing: string[] = [];
  for (const [key, name] of Object.entries(FASHION_MNIST_FILES) as [FashionMnistFile, string][]) {
    const gz = await joinPath(dir, name);
    const raw = gz.slice(0, -'.gz'.length);
    if (await isFile(gz)) found[key] = gz;
    else if (await isFile(raw)) found[key] = raw;
    else missing.push(name);
  }
  if (missing.length === 4) return null;
  if (missing.length > 0) throw new DatasetError(`Fashion-MNIST in ${dir} is incomplete: missing ${missing.join(', ')}`);
  return found as Record<FashionMnistFile, string>;
}

async function readAll(paths: Record<FashionMnistFile, string>): Promise<Record<FashionMnistFile, NamedBytes>> {
  const out = {} as Record<FashionMnistFile, NamedBytes>;
  for (const key of Object.keys(paths) as FashionMnistFile[]) {
    out[key] = { name: await baseName(paths[key]), bytes: await readBytes(paths[key]) };
  }
  return out;
}

export interface NamedBytes {
  name: string;
  bytes: Uint8Array;
}

/**
 * Parses and checks the four files however they were obtained (a browser's fetch, a zip, the
 * disk): images must be [N, rows, cols], labels [N] with the same N, and every label 0..9.
 */
export async function fashionMnistFromBytes(
  files: Record<FashionMnistFile, NamedBytes>,
): Promise<{ train: ImageSplit; test: ImageSplit }> {
  const parse = (f: NamedBytes): Promise<IdxArray> => readIdx(f.bytes, f.name);
  const [trainImages, trainLabels, testImages, testLabels] = await Promise.all([
    parse(files.trainImages), parse(files.trainLabels), parse(files.testImages), parse(files.testLabels),
  ]);
  return {
    train: toSplit(trainImages, files.trainImages.name, trainLabels, files.trainLabels.name),
    test: toSplit(testImages, files.testImages.name, testLabels, files.testLabels.name),
  };
}

function toSplit(images: IdxArray, imagesName: string, labels: IdxArray, labelsName: string): ImageSplit {
  if (images.shape.length !== 3) {
    throw new IdxError(imagesName, `expected 3 dims [count, rows, cols], got [${images.shape.join(',')}]`);
  }
  if (labels.shape.length !== 1) throw new IdxError(labelsName, `expected 1 dim [count], got [${labels.shape.join(',')}]`);
  const [count, rows, cols] = images.shape as [number, number, number];
  if (labels.shape[0] !== count) {
    throw new DatasetError(`${imagesName} has ${count} images but ${labelsName} has ${labels.shape[0]} labels`);
  }
  const bad = labels.data.findIndex((l) => l >= FASHION_MNIST_CLASSES.length);
  if (bad >= 0) throw new IdxError(labelsName, `label ${labels.data[bad]} at index ${bad} is not a class (0..9)`);
  return { images: images.data, labels: labels.data, count, rows, cols };
}
