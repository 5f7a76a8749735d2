/**
 * Checks that `text` is well-formed XML as far as an SVG needs: one root, every tag closed in
 * order, attributes quoted and not repeated, entities known. Returns the element names in order.
 */
export function checkXml(text: string): string[] {
  const body = text.replace(/^<\?xml[^?]*\?>\s*/, '');
  const stack: string[] = [];
  const names: string[] = [];
  let roots = 0;
  const tag = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>/y;
  let i = 0;
  while (i < body.length) {
    const lt = body.indexOf('<', i);
    const textPart = body.slice(i, lt === -1 ? body.length : lt);
    for (const m of textPart.matchAll(/&([^;\s]*);?/g)) {
      if (!/^(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+)$/.test(m[1]!) || !m[0].endsWith(';')) throw new Error(`bad entity '${m[0]}' at ${i}`);
    }
    if (lt === -1) {
      if (textPart.trim()) throw new Error(`text after the root element: '${textPart.trim().slice(0, 40)}'`);
      break;
    }
    if (stack.length === 0 && textPart.trim()) throw new Error(`text outside the root element: '${textPart.trim().slice(0, 40)}'`);
    tag.lastIndex = lt;
    const m = tag.exec(body);
    if (!m) throw new Error(`malformed tag at ${lt}: '${body.slice(lt, lt + 60)}'`);
    const [, close, name, attrs, selfClose] = m as unknown as [string, string, string, string, string];
    const keys = [...attrs.matchAll(/([\w:.-]+)="/g)].map((a) => a[1]!);
    if (new Set(keys).size !== keys.length) throw new Error(`repeated attribute in <${name}>`);
    if (close) {
      if (stack.pop() !== name) throw new Error(`</${name}> does not close the open element`);
    } else {
      if (stack.length === 0 && ++roots > 1) throw new Error('more than one root element');
      names.push(name);
      if (!selfClose) stack.push(name);
    }
    i = tag.lastIndex;
  }
  if (stack.length) throw new Error(`unclosed <${stack.join('>, <')}>`);
  return names;
}
