import { sha256Hex } from './checksum';
import { DatasetError } from './errors';
import { FASHION_MNIST_FILES, type FashionMnistFile } from './fashion-mnist';
import { isFile, joinPath, readBytes, userCacheDir, writeFileAtomic } from './node-io';

/** The data folder of the upstream zalandoresearch/fashion-mnist repository. */
export const FASHION_MNIST_BASE_URL = 'https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/';

/**
 * SHA-256 of the official .gz files (upstream publishes MD5 only; these match the published
 * files byte for byte). Debian's package recompressed them, so its .gz differ while the content
 * is the same: compare FASHION_MNIST_CONTENT_SHA256 for that.
 */
export const FASHION_MNIST_SHA256: Record<FashionMnistFile, string> = {
  trainImages: '08dc20ab1689590a0bcd66e874647b6ee8464e2d501b5a3f1f78831db19a3fdc',
  trainLabels: 'b0197879cbda89f3dc7b894f9fd52b858e68ea4182b6947c9d8c2b67e5f18dcc',
  testImages: '78dcbbfb5a27efaf1b6c1d616caca68560be8766c5bffcb2791df9273a534229',
  testLabels: '42bd18137a62d5998cdeae52bf3a0676ac6b706f5cf8439b47bb5b151ae3dccf',
};

/** SHA-256 of the decompressed IDX files: the same for every faithful copy, however compressed. */
export const FASHION_MNIST_CONTENT_SHA256: Record<FashionMnistFile, string> = {
  trainImages: 'c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888',
  trainLabels: 'bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9',
  testImages: '5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b',
  testLabels: '0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34',
};

export interface FetchProgress {
  file: string;
  /** Bytes of this file received so far. */
  received: number;
  /** Its size when the server said so, else undefined. */
  total: number | undefined;
}

export interface FetchFashionMnistOptions {
  /** Where to put the files; default the cache folder that fashionMnist() looks in. */
  dir?: string;
  onProgress?: (p: FetchProgress) => void;
  /** Another mirror holding the same four files. */
  baseUrl?: string;
  /** Injected for other runtimes or proxies; default the global fetch. */
  fetch?: typeof fetch;
}

/**
 * Downloads the four official files into `dir`, checking each against its SHA-256 before it is
 * written (via a temporary file, so an interrupted run leaves nothing half-written). Files
 * already there with the right hash are kept. Returns the folder. Node only; needs the network.
 */
export async function fetchFashionMnist(options: FetchFashionMnistOptions = {}): Promise<string> {
  const dir = options.dir ?? (await userCacheDir('fashion-mnist'));
  const base = options.baseUrl ?? FASHION_MNIST_BASE_URL;
  const doFetch = options.fetch ?? fetch;
  for (const [key, name] of Object.entries(FASHION_MNIST_FILES) as [FashionMnistFile, string][]) {
    const path = await joinPath(dir, name);
    if ((await isFile(path)) && (await sha256Hex(await readBytes(path))) === FASHION_MNIST_SHA256[key]) continue;
    const url = new URL(name, base.endsWith('/') ? base : `${base}/`).href;
    const bytes = await download(doFetch, url, name, options.onProgress);
    const hash = await sha256Hex(bytes);
    if (hash !== FASHION_MNIST_SHA256[key]) {
      throw new DatasetError(`${name}: SHA-256 mismatch from ${url}: expected ${FASHION_MNIST_SHA256[key]}, got ${hash}`);
    }
    await writeFileAtomic(path, bytes);
  }
  return dir;
}

async function download(
  doFetch: typeof fetch,
  url: string,
  file: string,
  onProgress: ((p: FetchProgress) => void) | undefined,
): Promise<Uint8Array> {
  const res = await doFetch(url);
  if (!res.ok) throw new DatasetError(`${file}: download failed: HTTP ${res.status} ${res.statusText} from ${url}`);
  const header = res.headers.get('content-length');
  const total = header === null ? undefined : Number(header);
  if (res.body === null) return new Uint8Array(await res.arrayBuffer());
  const chunks: Uint8Array[] = [];
  let received = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.length;
    onProgress?.({ file, received, total });
  }
  const out = new Uint8Array(received);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
