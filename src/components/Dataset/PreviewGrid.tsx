import { useEffect, useRef } from 'react';

const SIDE = 28;

/** The first images after preprocessing, `cols` a row, white ink on black as the model sees them. */
export function PreviewGrid({ images, count, cols = 16, label }: { images: Uint8Array; count: number; cols?: number; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const rows = Math.max(1, Math.ceil(count / cols));
  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return;
    const img = ctx.createImageData(cols * SIDE, rows * SIDE);
    for (let k = 0; k < count; k++) {
      const ox = (k % cols) * SIDE;
      const oy = Math.floor(k / cols) * SIDE;
      for (let v = 0; v < SIDE; v++) {
        for (let u = 0; u < SIDE; u++) {
          const g = images[k * SIDE * SIDE + v * SIDE + u]!;
          const o = 4 * ((oy + v) * cols * SIDE + ox + u);
          img.data[o] = img.data[o + 1] = img.data[o + 2] = g;
          img.data[o + 3] = 255;
        }
      }
    }
    ctx.putImageData(img, 0, 0);
  }, [images, count, cols, rows]);
  return <canvas ref={canvas} className="pixelated dataset-preview" width={cols * SIDE} height={rows * SIDE} role="img" aria-label={label} />;
}
