import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { FASHION_MNIST_FILES } from '@dnn/data';
import { bundle, here, SUBSET_DIR } from './bundle';

const DATA_FILES = new Set<string>(Object.values(FASHION_MNIST_FILES));

/** Serves the page at http://127.0.0.1:PORT/ (a secure context, as WebGPU requires); port 0 picks a free one. */
export async function serve(port = 0): Promise<{ url: string; close: () => Promise<void> }> {
  const [html, js] = await Promise.all([readFile(here('../public/index.html'), 'utf8'), bundle()]);
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const dataFile = path.startsWith('/data/') ? path.slice('/data/'.length) : '';
    if (path === '/' || path === '/index.html') res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    else if (path === '/main.js') res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(js);
    else if (DATA_FILES.has(dataFile)) {
      readFile(new URL(dataFile, SUBSET_DIR)).then(
        (bytes) => res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(bytes),
        () => res.writeHead(500).end(),
      );
    } else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}/`;
  return { url, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const { url } = await serve(Number(process.env.PORT ?? 8080));
  console.log(`dnn playground at ${url} (Chrome: WebGPU is on by default; Chromium on Linux: --enable-unsafe-webgpu)`);
}
