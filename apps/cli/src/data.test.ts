import { readdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { data } from './commands/data';
import { BufferSink } from './io';
import { tempDir } from './test-helpers';

/** A fetch that serves `bytes` in three chunks with a content-length, and records the URLs asked for. */
function fakeFetch(bytes: Uint8Array, urls: string[]): typeof fetch {
  return (async (url: string | URL) => {
    urls.push(String(url));
    const third = Math.ceil(bytes.length / 3);
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < bytes.length; i += third) c.enqueue(bytes.subarray(i, i + third));
        c.close();
      },
    });
    return new Response(body, { status: 200, headers: { 'content-length': String(bytes.length) } });
  }) as typeof fetch;
}

describe('dnn data fetch (with a stand-in for the network)', () => {
  it('shows download progress and refuses a file whose SHA-256 is wrong, writing nothing', async () => {
    const dir = await tempDir();
    const urls: string[] = [];
    const io = { stdout: new BufferSink(), stderr: new BufferSink() };
    await expect(data(['fetch', 'fashion-mnist', '--dir', dir], io, fakeFetch(new Uint8Array(3000).fill(7), urls)))
      .rejects.toThrow(/^train-images-idx3-ubyte\.gz: SHA-256 mismatch from https:\/\/\S+\/train-images-idx3-ubyte\.gz: expected 08dc20ab/);
    expect(urls).toEqual(['https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/train-images-idx3-ubyte.gz']);
    // not a terminal: a plain line when a chunk crosses a tenth (33%, 66%); a refused file gets no final line
    expect(io.stderr.text.split('\n').filter(Boolean)).toEqual([
      expect.stringMatching(/^train-images-idx3-ubyte\.gz  33% 1000\/3000 0\.0 MiB /),
      expect.stringMatching(/^train-images-idx3-ubyte\.gz  66% 2000\/3000 0\.0 MiB /),
    ]);
    expect(await readdir(dir)).toEqual([]);
    expect(io.stdout.text).toBe('');
  });
});
