/** Every block starts and ends on a cache line. */
export const ALIGN = 64;
const SMALL = 4096;

/** A block of the kernels' memory: byte address and its real size (at least what was asked). */
export interface Block {
  readonly addr: number;
  readonly size: number;
}

/**
 * The size class of a request: multiples of 64 bytes up to 4 KiB, then eight classes per power of
 * two, so a block wastes at most 12.5 % and a training loop's repeating sizes find their class again.
 */
export function sizeClass(bytes: number): number {
  const b = Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
  if (b <= SMALL) return b;
  const step = 2 ** (Math.floor(Math.log2(b)) - 3);
  return Math.ceil(b / step) * step;
}

/** The largest class not above `bytes` (a multiple of 64): the list a free block of that size is filed under. */
export function floorClass(bytes: number): number {
  if (bytes <= SMALL) return Math.floor(bytes / ALIGN) * ALIGN;
  const step = 2 ** (Math.floor(Math.log2(bytes)) - 3);
  return Math.floor(bytes / step) * step;
}

/**
 * A size-class allocator over a linear memory that only grows: blocks come from per-class free lists,
 * else from the top, which `grow(end)` extends (false: the memory is at its maximum). When the top
 * cannot move, free blocks are merged with their neighbours (a run reaching the top lowers it) and
 * the first one large enough is split. Freed blocks are never given back to the system: a wasm memory
 * cannot shrink.
 */
export class BlockAllocator {
  private top: number;
  /** Free blocks filed by floorClass(size), so every block in list c has size ≥ c. */
  private readonly lists = new Map<number, Block[]>();
  private freeTotal = 0;

  constructor(readonly base: number, private readonly grow: (end: number) => boolean) {
    this.top = base;
  }

  /** Bytes in free blocks (reusable without growing). */
  get freeBytes(): number {
    return this.freeTotal;
  }

  /** The end of the highest block ever handed out and not merged back. */
  get end(): number {
    return this.top;
  }

  alloc(bytes: number): Block | null {
    const size = sizeClass(bytes);
    const reused = this.lists.get(size)?.pop();
    if (reused) {
      this.freeTotal -= reused.size;
      return reused;
    }
    if (this.grow(this.top + size)) {
      const block = { addr: this.top, size };
      this.top += size;
      return block;
    }
    if (this.freeTotal < size) return null;
    this.compact();
    if (this.grow(this.top + size)) return this.alloc(bytes);
    return this.split(size);
  }

  release(block: Block): void {
    const key = floorClass(block.size);
    let list = this.lists.get(key);
    if (!list) this.lists.set(key, (list = []));
    list.push(block);
    this.freeTotal += block.size;
  }

  /** Merges adjacent free blocks; a free run that ends at the top lowers the top. */
  private compact(): void {
    const all = [...this.lists.values()].flat().sort((a, b) => a.addr - b.addr);
    this.lists.clear();
    this.freeTotal = 0;
    const runs: Block[] = [];
    for (const b of all) {
      const last = runs[runs.length - 1];
      if (last && last.addr + last.size === b.addr) runs[runs.length - 1] = { addr: last.addr, size: last.size + b.size };
      else runs.push(b);
    }
    const last = runs[runs.length - 1];
    if (last && last.addr + last.size === this.top) {
      this.top = last.addr;
      runs.pop();
    }
    for (const r of runs) this.release(r);
  }

  /** The first free block of at least `size` bytes, cut to `size` (the rest stays free). */
  private split(size: number): Block | null {
    for (const list of this.lists.values()) {
      const i = list.findIndex((b) => b.size >= size);
      if (i < 0) continue;
      const b = list.splice(i, 1)[0]!;
      this.freeTotal -= b.size;
      if (b.size > size) this.release({ addr: b.addr + size, size: b.size - size });
      return { addr: b.addr, size };
    }
    return null;
  }
}
