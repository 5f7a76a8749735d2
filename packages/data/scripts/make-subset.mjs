#!/usr/bin/env node
// Writes the embedded Fashion-MNIST subset (subset/*.gz): 600 train and 100 test images per
// class, chosen with a fixed seed from the full files of Debian's dataset-fashion-mnist.
// Rerunning it gives byte-identical files. Usage: node scripts/make-subset.mjs [sourceDir]
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import seedrandom from 'seedrandom';

const SOURCE = process.argv[2] ?? '/usr/share/datasets/fashion-mnist';
const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'subset');
const SEED = 'dnn-fashion-mnist-subset-v1';
const CLASSES = 10;
const SPLITS = [
  { images: 'train-images-idx3-ubyte.gz', labels: 'train-labels-idx1-ubyte.gz', perClass: 600 },
  { images: 't10k-images-idx3-ubyte.gz', labels: 't10k-labels-idx1-ubyte.gz', perClass: 100 },
];

// A minimal ubyte IDX reader: the package's own parser is TypeScript and this runs on plain node.
function readIdx(name) {
  const bytes = gunzipSync(readFileSync(join(SOURCE, name)));
  if (bytes[0] !== 0 || bytes[1] !== 0 || bytes[2] !== 0x08) throw new Error(`${name}: not a ubyte IDX file`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape = Array.from({ length: bytes[3] }, (_, d) => view.getUint32(4 + 4 * d, false));
  const header = 4 + 4 * shape.length;
  if (bytes.length !== header + shape.reduce((a, b) => a * b, 1)) throw new Error(`${name}: wrong length`);
  return { shape, data: bytes.subarray(header) };
}

function writeIdx(name, shape, data) {
  const header = Buffer.alloc(4 + 4 * shape.length);
  header[2] = 0x08;
  header[3] = shape.length;
  shape.forEach((s, d) => header.writeUInt32BE(s, 4 + 4 * d));
  // gzip's header holds no time or name here, so the output depends on the data alone
  const gz = gzipSync(Buffer.concat([header, data]), { level: 9 });
  writeFileSync(join(OUT, name), gz);
  return gz.length;
}

mkdirSync(OUT, { recursive: true });
const rng = seedrandom(SEED);
for (const split of SPLITS) {
  const images = readIdx(split.images);
  const labels = readIdx(split.labels);
  const [count, rows, cols] = images.shape;
  const pixels = rows * cols;
  const byClass = Array.from({ length: CLASSES }, () => []);
  labels.data.forEach((l, i) => byClass[l].push(i));
  const chosen = [];
  for (const members of byClass) {
    if (members.length < split.perClass) throw new Error(`only ${members.length} samples of a class`);
    // partial Fisher-Yates: the first perClass slots become a uniform sample without replacement
    for (let i = 0; i < split.perClass; i++) {
      const j = i + Math.floor(rng() * (members.length - i));
      [members[i], members[j]] = [members[j], members[i]];
    }
    chosen.push(...members.slice(0, split.perClass));
  }
  chosen.sort((a, b) => a - b); // keep upstream order, which interleaves the classes
  const outImages = Buffer.alloc(chosen.length * pixels);
  const outLabels = Buffer.alloc(chosen.length);
  chosen.forEach((src, k) => {
    outImages.set(images.data.subarray(src * pixels, (src + 1) * pixels), k * pixels);
    outLabels[k] = labels.data[src];
  });
  const a = writeIdx(split.images, [chosen.length, rows, cols], outImages);
  const b = writeIdx(split.labels, [chosen.length], outLabels);
  console.log(`${split.images}: ${chosen.length} of ${count} (${a} bytes); ${split.labels} (${b} bytes)`);
}
