/**
 * A drawing pad: white strokes on black (Fashion-MNIST's images are light objects on a dark ground), and
 * images dropped onto `dropTarget` drawn onto it. `onChange` gets the pad downsampled to 28×28 in [0, 1].
 */
export class SketchPad {
  private readonly ctx: CanvasRenderingContext2D;
  private drawing = false;

  constructor(readonly canvas: HTMLCanvasElement, dropTarget: HTMLElement, private readonly onChange: (pixels: Float32Array) => void) {
    this.ctx = canvas.getContext('2d', { willReadFrequently: true })!;
    this.clear();
    const at = (e: PointerEvent): [number, number] => {
      const r = canvas.getBoundingClientRect();
      return [((e.clientX - r.left) * canvas.width) / r.width, ((e.clientY - r.top) * canvas.height) / r.height];
    };
    canvas.addEventListener('pointerdown', (e) => {
      this.drawing = true;
      this.ctx.beginPath();
      this.ctx.moveTo(...at(e));
    });
    canvas.addEventListener('pointermove', (e) => {
      if (!this.drawing) return;
      this.ctx.lineTo(...at(e));
      this.ctx.stroke();
    });
    const end = () => {
      if (this.drawing) this.onChange(this.pixels());
      this.drawing = false;
    };
    canvas.addEventListener('pointerup', end);
    canvas.addEventListener('pointerleave', end);
    dropTarget.addEventListener('dragover', (e) => e.preventDefault());
    dropTarget.addEventListener('drop', (e) => {
      e.preventDefault();
      const file = e.dataTransfer?.files[0];
      if (file) void this.drawFile(file);
    });
  }

  clear(): void {
    this.ctx.fillStyle = '#000';
    this.ctx.fillRect(0, 0, this.canvas.width, this.canvas.height);
    this.ctx.strokeStyle = '#fff';
    this.ctx.lineWidth = this.canvas.width / 12;
    this.ctx.lineCap = 'round';
    this.ctx.lineJoin = 'round';
  }

  /** Strokes a polyline given in pad coordinates (what a test or a demo button draws). */
  stroke(points: [number, number][]): void {
    this.ctx.beginPath();
    points.forEach(([x, y], i) => (i ? this.ctx.lineTo(x, y) : this.ctx.moveTo(x, y)));
    this.ctx.stroke();
    this.onChange(this.pixels());
  }

  /** Draws a dropped image file to fill the pad; dark-on-light pictures are inverted to match the data set. */
  async drawFile(file: Blob): Promise<void> {
    const bitmap = await createImageBitmap(file);
    this.clear();
    this.ctx.drawImage(bitmap, 0, 0, this.canvas.width, this.canvas.height);
    const img = this.ctx.getImageData(0, 0, this.canvas.width, this.canvas.height);
    let sum = 0;
    for (let i = 0; i < img.data.length; i += 4) sum += img.data[i]! + img.data[i + 1]! + img.data[i + 2]!;
    if (sum / (img.data.length * 0.75) > 127) {
      for (let i = 0; i < img.data.length; i += 4) for (let c = 0; c < 3; c++) img.data[i + c] = 255 - img.data[i + c]!;
      this.ctx.putImageData(img, 0, 0);
    }
    this.onChange(this.pixels());
  }

  /** The pad as 28×28 gray values in [0, 1]: the mean of each block of pixels. */
  pixels(): Float32Array {
    const { width: w, height: h } = this.canvas;
    const data = this.ctx.getImageData(0, 0, w, h).data;
    const out = new Float32Array(28 * 28), count = new Float32Array(28 * 28);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const cell = Math.floor((y * 28) / h) * 28 + Math.floor((x * 28) / w), p = 4 * (y * w + x);
        out[cell] += (data[p]! + data[p + 1]! + data[p + 2]!) / (3 * 255);
        count[cell]++;
      }
    }
    return out.map((v, i) => v / (count[i] || 1));
  }
}
