import { Module, Sequential, zeros, noGrad, tidy, type Tensor, type Device } from '@dnn/tensor';

export interface SummaryRow {
  name: string;
  type: string;
  outputShape: number[] | null;
  params: number;
  trainable: number;
  /** Values in buffers (running statistics, fixed prototypes): saved but not trained. */
  fixed: number;
}

function count(m: Module): { params: number; trainable: number; fixed: number } {
  const ps = m.parameters();
  return {
    params: ps.reduce((n, p) => n + p.size, 0),
    trainable: ps.filter((p) => p.requiresGrad).reduce((n, p) => n + p.size, 0),
    fixed: m.namedBuffers().filter(([, t]) => t.dtype !== 'int32').reduce((n, [, t]) => n + t.size, 0),
  };
}

/**
 * One row per top-level child with its output shape (traced with a zero input of `inputShape`, batch 1)
 * and its parameter counts. A Sequential is traced stage by stage; any other model runs its own forward
 * while each child's forward is wrapped on the instance to record what it returns (a child the forward
 * never calls, such as an auxiliary head in eval mode, has no output shape).
 */
export function summarize(model: Module, inputShape: readonly number[], device?: Device): SummaryRow[] {
  return noGrad(() => tidy(() => {
    const children = model.namedChildren();
    const shapes = new Map<Module, number[]>();
    const x = zeros([1, ...inputShape], { device });
    if (model instanceof Sequential) {
      let y: Tensor = x;
      for (const [, child] of children) {
        y = (child as Module & { forward(t: Tensor): Tensor }).forward(y);
        shapes.set(child, [...y.shape]);
      }
    } else {
      const patched = children.map(([, child]) => child as Module & { forward(...a: unknown[]): unknown });
      for (const child of patched) {
        const original = child.forward;
        Object.defineProperty(child, 'forward', {
          configurable: true,
          value: (...args: unknown[]) => {
            const out = original.apply(child, args);
            if (out && typeof out === 'object' && 'shape' in out) shapes.set(child, [...(out as Tensor).shape]);
            return out;
          },
        });
      }
      try {
        (model as Module & { forward(t: Tensor): unknown }).forward(x);
      } finally {
        for (const child of patched) delete (child as { forward?: unknown }).forward;
      }
    }
    return children.map(([name, child]) => ({ name, type: child.constructor.name, outputShape: shapes.get(child) ?? null, ...count(child) }));
  }));
}

/** The summary as an aligned text table with totals. */
export function formatSummary(model: Module, inputShape: readonly number[]): string {
  const rows = summarize(model, inputShape);
  const fmt = (n: number) => n.toLocaleString('en-US');
  const table = [['layer', 'type', 'output', 'params'], ...rows.map((r) => [
    r.name, r.type, r.outputShape ? `[${r.outputShape.join(', ')}]` : '-',
    r.params ? fmt(r.params) + (r.trainable < r.params ? ` (${fmt(r.params - r.trainable)} frozen)` : '') : r.fixed ? `${fmt(r.fixed)} fixed` : '0',
  ])];
  const widths = table[0]!.map((_, c) => Math.max(...table.map((row) => row[c]!.length)));
  const line = (row: string[]) => row.map((cell, c) => (c === 3 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ');
  const total = count(model);
  return [
    line(table[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...table.slice(1).map(line),
    '',
    `total parameters: ${fmt(total.params)} (${fmt(total.trainable)} trainable)` + (total.fixed ? `, plus ${fmt(total.fixed)} fixed buffer values` : ''),
  ].join('\n');
}
