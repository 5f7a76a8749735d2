/**
 * A few adding-problem sequences as rows of cells (the value as a shade, marked steps outlined), with
 * the sum to find and the network's answer: `inputs` is [n, steps, 2] of (value, marker) pairs.
 */
export function drawSums(host: HTMLElement, inputs: Float32Array, steps: number, targets: number[], answers: number[]): void {
  const rows = targets.map((target, n) => {
    const row = document.createElement('div');
    row.className = 'sum';
    const cells = document.createElement('span');
    cells.className = 'cells';
    const marked: string[] = [];
    for (let t = 0; t < steps; t++) {
      const value = inputs[(n * steps + t) * 2]!, isMarked = inputs[(n * steps + t) * 2 + 1]! > 0.5;
      const cell = document.createElement('span');
      cell.className = isMarked ? 'cell marked' : 'cell';
      const shade = Math.round(255 * (1 - value));
      cell.style.background = `rgb(${shade},${shade},${shade})`;
      cell.title = value.toFixed(2);
      cells.append(cell);
      if (isMarked) marked.push(value.toFixed(2));
    }
    const text = document.createElement('span');
    const answer = answers[n]!, miss = Math.abs(answer - target);
    text.className = miss < 0.1 ? 'answer good' : 'answer';
    text.textContent = `${marked.join(' + ')} = ${target.toFixed(2)}; the network says ${answer.toFixed(2)}`;
    row.append(cells, text);
    return row;
  });
  const legend = document.createElement('p');
  legend.className = 'muted';
  legend.textContent = 'Held-out sequences: a darker cell is a larger value, an orange frame marks the two steps to add.';
  host.replaceChildren(legend, ...rows);
}
