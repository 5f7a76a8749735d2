import { describe, expect, it } from 'vitest';
import { ProgressBar, formatDuration, type TextSink } from './progress';

class BufferSink implements TextSink {
  text = '';
  constructor(readonly isTTY = false, readonly columns = 100) {}
  write(s: string): boolean {
    this.text += s;
    return true;
  }
}

function clock() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('ProgressBar', () => {
  it('writes a plain line at each tenth when the sink is not a terminal', () => {
    const sink = new BufferSink(false);
    const c = clock();
    const bar = new ProgressBar(sink, { label: 'epoch 1/3', total: 20, now: c.now });
    for (let i = 1; i < 20; i++) {
      c.advance(500);
      bar.update(i, `loss ${(1 / i).toFixed(2)}`);
    }
    c.advance(500);
    bar.finish(20, 'loss 0.05');
    const lines = sink.text.trimEnd().split('\n');
    expect(lines).toHaveLength(10); // 10%..90% and the final line
    expect(lines[0]).toBe('epoch 1/3  10% 2/20 loss 0.50 1.0s, eta 9.0s');
    expect(lines[9]).toBe('epoch 1/3 100% 20/20 loss 0.05 10.0s');
    expect(sink.text).not.toContain('\r');
  });

  it('redraws in place on a terminal, at most every interval', () => {
    const sink = new BufferSink(true, 100);
    const c = clock();
    const bar = new ProgressBar(sink, { label: 'e', total: 4, now: c.now, interval: 100 });
    bar.update(1);
    c.advance(50);
    bar.update(2); // too soon: skipped
    c.advance(60);
    bar.update(3);
    bar.finish(4);
    const frames = sink.text.split('\r\x1b[2K').filter(Boolean);
    expect(frames).toHaveLength(3);
    expect(frames[0]).toMatch(/^e \[=+ +\]  25% 1\/4 0\.0s, eta 0\.0s$/);
    expect(frames[1]).toMatch(/^e \[=+ +\]  75% 3\/4 /);
    expect(frames[2]).toBe('e 100% 4/4 0.1s\n');
  });

  it('counts without a total (a download of unknown size)', () => {
    const sink = new BufferSink(true);
    const bar = new ProgressBar(sink, { label: 'file', total: undefined, now: () => 0 });
    bar.update(1024, '1 KiB');
    expect(sink.text).toBe('\r\x1b[2Kfile 1024 1 KiB 0.0s');
  });
});

describe('formatDuration', () => {
  it.each([[4.25, '4.3s'], [75.2, '1m15s'], [3725, '1h02m']])('%d s is %s', (s, text) => {
    expect(formatDuration(s)).toBe(text);
  });
});
