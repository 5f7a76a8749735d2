import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { FASHION_MNIST_FILES } from '@dnn/data';
import { bundle, here, SUBSET_DIR } from './bundle';

/** Writes a static site to dist/: index.html, the minified main.js and data/ with the subset; any web server serves it. */
export async function buildSite(outDir = here('../dist/')): Promise<URL> {
  await mkdir(new URL('data/', outDir), { recursive: true });
  await writeFile(new URL('index.html', outDir), await readFile(here('../public/index.html')));
  await writeFile(new URL('main.js', outDir), await bundle(true));
  for (const name of Object.values(FASHION_MNIST_FILES)) await copyFile(new URL(name, SUBSET_DIR), new URL(`data/${name}`, outDir));
  return outDir;
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const out = await buildSite();
  console.log(`static playground in ${out.pathname} (serve the folder over http://localhost or https)`);
}
