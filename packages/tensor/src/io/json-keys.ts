/** Where a duplicated object key sits: `path` holds the keys of the enclosing objects, outermost first. */
export interface DuplicateKey {
  path: string[];
  key: string;
}

interface Frame {
  keys: Set<string> | null; // null for an array
  expectKey: boolean;
  current?: string;
}

/**
 * Finds the first object key that appears twice in one object of `text`.
 * JSON.parse silently keeps the last duplicate, and a reviver only sees the merged object,
 * so the raw text is scanned instead. `text` must already be valid JSON (JSON.parse accepted it):
 * then only strings, brackets, commas and colons matter, and every string closes.
 */
export function findDuplicateKey(text: string): DuplicateKey | undefined {
  const stack: Frame[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const top = stack[stack.length - 1];
    if (c === 0x22 /* " */) {
      let j = i + 1;
      while (j < text.length && text.charCodeAt(j) !== 0x22) j += text.charCodeAt(j) === 0x5c /* \ */ ? 2 : 1;
      if (top?.keys && top.expectKey) {
        // Decode escapes so that "a" and "\u0061" count as the same key.
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        if (top.keys.has(key)) return { path: stack.flatMap((f) => (f.keys && f !== top ? [f.current!] : [])), key };
        top.keys.add(key);
        top.current = key;
        top.expectKey = false;
      }
      i = j;
    } else if (c === 0x7b /* { */) stack.push({ keys: new Set(), expectKey: true });
    else if (c === 0x5b /* [ */) stack.push({ keys: null, expectKey: false });
    else if (c === 0x7d /* } */ || c === 0x5d /* ] */) stack.pop();
    else if (c === 0x2c /* , */ && top?.keys) top.expectKey = true;
  }
  return undefined;
}

/**
 * How deeply `text`'s arrays and objects nest (brackets inside strings do not count). Scanned without
 * recursion, so a hostile header can be measured before anything recursive (JSON.stringify,
 * Array.prototype.toString) walks the parsed value.
 */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      let j = i + 1;
      while (j < text.length && text.charCodeAt(j) !== 0x22) j += text.charCodeAt(j) === 0x5c /* \ */ ? 2 : 1;
      i = j;
    } else if (c === 0x7b || c === 0x5b) max = Math.max(max, ++depth);
    else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}
