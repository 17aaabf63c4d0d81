import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { paintMask } from '../../data/corrupt';
import { SIDE } from './images';

/** Brush radii offered, in image pixels. */
const BRUSHES = [
  [1, 'Fine (1 px)'],
  [1.5, 'Medium (1.5 px)'],
  [2.5, 'Broad (2.5 px)'],
] as const;

/** Painted pixels are shown in this colour over the digit. */
const MASK_RGB = [230, 119, 0] as const;

interface Props {
  /** The digit's intensities (28×28 in [0, 1]), shown under the mask; null when the pad is empty. */
  intensities: Float32Array | null;
  disabled: boolean;
  onFill: (mask: Uint8Array) => void;
}

/**
 * Erase by hand: paint over the current digit (pointer, or the keyboard: arrows move the
 * cursor, Space erases under it, Delete restores) the region to forget, then fill it in.
 */
export function EraseMask({ intensities, disabled, onFill }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const mask = useRef(new Uint8Array(SIDE * SIDE));
  const [painted, setPainted] = useState(0);
  const [brush, setBrush] = useState<number>(1.5);
  const [cursor, setCursor] = useState<{ u: number; v: number } | null>(null);
  const drawing = useRef<0 | 1 | null>(null);
  const brushId = useId();
  const helpId = useId();

  const paint = useCallback(() => {
    const c = canvas.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx) return;
    const img = ctx.createImageData(SIDE, SIDE);
    for (let i = 0; i < SIDE * SIDE; i++) {
      const g = Math.round(255 * (1 - Math.min(1, Math.max(0, intensities?.[i] ?? 0))));
      const o = 4 * i;
      if (mask.current[i]) {
        // The erased pixel: the mask colour, darker where there was ink.
        const k = 0.45 + 0.55 * (g / 255);
        img.data[o] = Math.round(MASK_RGB[0] * k);
        img.data[o + 1] = Math.round(MASK_RGB[1] * k);
        img.data[o + 2] = Math.round(MASK_RGB[2] * k);
      } else {
        img.data[o] = img.data[o + 1] = img.data[o + 2] = g;
      }
      img.data[o + 3] = 255;
    }
    ctx.putImageData(img, 0, 0);
    if (cursor) {
      ctx.strokeStyle = '#1971c2';
      ctx.lineWidth = 0.15;
      ctx.beginPath();
      ctx.arc(cursor.u, cursor.v, brush, 0, 2 * Math.PI);
      ctx.stroke();
    }
  }, [intensities, cursor, brush]);

  useEffect(paint, [paint, painted]);

  const apply = (u: number, v: number, value: 0 | 1) => {
    // A change repaints through `painted`; the cursor repaints through its own state.
    if (paintMask(mask.current, u, v, brush, value) > 0) setPainted(mask.current.reduce((a, b) => a + b, 0));
  };

  const at = (e: PointerEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    return { u: ((e.clientX - r.left) / r.width) * SIDE, v: ((e.clientY - r.top) / r.height) * SIDE };
  };

  const onPointerDown = (e: PointerEvent<HTMLCanvasElement>) => {
    if (disabled) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    // The secondary button (or the pen's eraser) restores instead of erasing.
    drawing.current = e.button === 2 || e.button === 5 ? 0 : 1;
    const p = at(e);
    apply(p.u, p.v, drawing.current);
  };
  const onPointerMove = (e: PointerEvent<HTMLCanvasElement>) => {
    if (drawing.current === null) return;
    const p = at(e);
    apply(p.u, p.v, drawing.current);
  };
  const onPointerUp = () => {
    drawing.current = null;
  };

  const onKeyDown = (e: KeyboardEvent<HTMLCanvasElement>) => {
    if (disabled) return;
    const c = cursor ?? { u: SIDE / 2, v: SIDE / 2 };
    const move: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
    const d = move[e.key];
    if (d) {
      e.preventDefault();
      setCursor({ u: Math.min(SIDE - 0.5, Math.max(0.5, c.u + d[0])), v: Math.min(SIDE - 0.5, Math.max(0.5, c.v + d[1])) });
    } else if (e.key === ' ' || e.key === 'Enter') {
      e.preventDefault();
      setCursor(c);
      apply(c.u, c.v, 1);
    } else if (e.key === 'Delete' || e.key === 'Backspace') {
      e.preventDefault();
      setCursor(c);
      apply(c.u, c.v, 0);
    }
  };

  const clear = () => {
    mask.current.fill(0);
    setPainted(0);
  };

  return (
    <div className="erase-mask">
      <canvas
        ref={canvas}
        width={SIDE}
        height={SIDE}
        className="img28 erase-canvas"
        tabIndex={disabled ? -1 : 0}
        aria-label="Erase mask: paint the pixels to erase"
        aria-describedby={helpId}
        aria-disabled={disabled}
        data-painted={painted}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
        onContextMenu={(e) => e.preventDefault()}
        onKeyDown={onKeyDown}
        onFocus={() => setCursor((c) => c ?? { u: SIDE / 2, v: SIDE / 2 })}
        onBlur={() => setCursor(null)}
      />
      <div className="erase-side">
        <p id={helpId} className="note">
          Paint over the image what the model should forget (orange). Right button restores. Keyboard: arrows move the brush,
          Space erases under it, Delete restores.
        </p>
        <div className="pad-tools">
          <label htmlFor={brushId}>Brush</label>
          <select id={brushId} value={brush} onChange={(e) => setBrush(Number(e.target.value))}>
            {BRUSHES.map(([r, label]) => (
              <option key={r} value={r}>
                {label}
              </option>
            ))}
          </select>
          <button type="button" onClick={clear} disabled={painted === 0}>
            Clear mask
          </button>
          <button type="button" onClick={() => onFill(Uint8Array.from(mask.current))} disabled={disabled || painted === 0}>
            Fill in the painted region
          </button>
        </div>
        <p className="note" aria-live="polite">
          Painted: <output aria-label="Pixels painted to erase">{painted}</output> of {SIDE * SIDE} pixels
        </p>
      </div>
    </div>
  );
}
