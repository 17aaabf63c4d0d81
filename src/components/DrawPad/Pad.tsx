import { useCallback, useEffect, useId, useImperativeHandle, useRef, useState, type Ref } from 'react';
import { intensityFromRGBA } from '../../data/preprocess';

/** Pad size in canvas pixels (10 per MNIST pixel, so a test digit is painted in 10 × 10 blocks). */
export const PAD_SIZE = 280;
/** Brush diameters in pad pixels; with a digit about 200 px tall the default gives MNIST-like strokes of 2–3 pixels. */
export const BRUSH_MIN = 6;
export const BRUSH_MAX = 40;
export const BRUSH_DEFAULT = 20;
/** Keyboard pen steps, in pad pixels (the pad is PAD_SIZE wide; 10 px is one MNIST pixel). */
export const KEY_STEP = 10;
export const KEY_STEP_FINE = 2;

interface Stroke {
  size: number;
  points: [number, number][];
}

export interface PadHandle {
  /** Replaces the pad's content by a 28×28 image (intensities) painted in 10 × 10 blocks. */
  showImage(intensities: Float32Array): void;
  clear(): void;
}

export interface PadProps {
  /** The pad's intensities (PAD_SIZE²) after a change; final at the end of a stroke, at = when the pen lifted. */
  onChange: (raster: Float32Array | null, final: boolean, at: number) => void;
  /** Called before onChange when Undo removed the last stroke over a loaded image. */
  onBackToImage: () => void;
  /** Minimum milliseconds between onChange calls while the pen moves. */
  moveThrottleMs: number;
  ref?: Ref<PadHandle>;
}

/**
 * The drawing pad: pointer events (mouse, touch, pen) draw round strokes of ink on a
 * transparent canvas (ink = alpha); Undo removes the last stroke, Clear everything.
 */
export function Pad({ onChange, onBackToImage, moveThrottleMs, ref }: PadProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const strokes = useRef<Stroke[]>([]);
  const base = useRef<ImageData | null>(null);
  const current = useRef<Stroke | null>(null);
  const lastSent = useRef(0);
  const [brush, setBrush] = useState(BRUSH_DEFAULT);
  const [strokeCount, setStrokeCount] = useState(0);
  const [hasBase, setHasBase] = useState(false);
  const brushId = useId();

  const ctx = () => canvas.current?.getContext('2d', { willReadFrequently: true }) ?? null;

  const drawStroke = (c: CanvasRenderingContext2D, s: Stroke, from = 0) => {
    c.strokeStyle = '#000';
    c.fillStyle = '#000';
    c.lineWidth = s.size;
    c.lineCap = 'round';
    c.lineJoin = 'round';
    const p = s.points;
    if (p.length === 1 || from === 0) {
      c.beginPath();
      c.arc(p[0]![0], p[0]![1], s.size / 2, 0, 2 * Math.PI);
      c.fill();
    }
    if (p.length > 1) {
      c.beginPath();
      const start = Math.max(0, from - 1);
      c.moveTo(p[start]![0], p[start]![1]);
      for (let i = start + 1; i < p.length; i++) c.lineTo(p[i]![0], p[i]![1]);
      c.stroke();
    }
  };

  const redraw = useCallback(() => {
    const c = ctx();
    if (!c) return;
    c.clearRect(0, 0, PAD_SIZE, PAD_SIZE);
    if (base.current) c.putImageData(base.current, 0, 0);
    for (const s of strokes.current) drawStroke(c, s);
  }, []);

  const raster = (): Float32Array | null => {
    const c = ctx();
    if (!c) return null;
    return intensityFromRGBA(c.getImageData(0, 0, PAD_SIZE, PAD_SIZE).data, PAD_SIZE, PAD_SIZE);
  };

  const send = (final: boolean, at: number) => {
    lastSent.current = performance.now();
    onChange(raster(), final, at);
  };

  useImperativeHandle(ref, () => ({
    showImage(intensities: Float32Array) {
      const img = new ImageData(PAD_SIZE, PAD_SIZE);
      const k = PAD_SIZE / 28;
      for (let y = 0; y < PAD_SIZE; y++) {
        for (let x = 0; x < PAD_SIZE; x++) img.data[4 * (y * PAD_SIZE + x) + 3] = Math.round(255 * intensities[Math.floor(y / k) * 28 + Math.floor(x / k)]!);
      }
      base.current = img;
      strokes.current = [];
      setStrokeCount(0);
      setHasBase(true);
      redraw();
    },
    clear() {
      base.current = null;
      strokes.current = [];
      setStrokeCount(0);
      setHasBase(false);
      redraw();
    },
  }));

  useEffect(redraw, [redraw]);

  const point = (e: React.PointerEvent<HTMLCanvasElement>): [number, number] => {
    const r = e.currentTarget.getBoundingClientRect();
    return [((e.clientX - r.left) * PAD_SIZE) / r.width, ((e.clientY - r.top) * PAD_SIZE) / r.height];
  };

  const onPointerDown = (e: React.PointerEvent<HTMLCanvasElement>) => {
    if (e.button !== 0 && e.pointerType === 'mouse') return;
    e.preventDefault();
    e.currentTarget.setPointerCapture(e.pointerId);
    const s: Stroke = { size: brush, points: [point(e)] };
    current.current = s;
    strokes.current.push(s);
    const c = ctx();
    if (c) drawStroke(c, s);
    send(false, performance.now());
  };

  const onPointerMove = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const s = current.current;
    if (!s) return;
    const from = s.points.length;
    // Coalesced events keep fast pen strokes smooth where the browser batches them.
    const events = e.nativeEvent.getCoalescedEvents?.() ?? [];
    if (events.length > 0) {
      const r = e.currentTarget.getBoundingClientRect();
      for (const ev of events) s.points.push([((ev.clientX - r.left) * PAD_SIZE) / r.width, ((ev.clientY - r.top) * PAD_SIZE) / r.height]);
    } else {
      s.points.push(point(e));
    }
    const c = ctx();
    if (c) drawStroke(c, s, from);
    if (performance.now() - lastSent.current >= moveThrottleMs) send(false, performance.now());
  };

  const endStroke = (e: React.PointerEvent<HTMLCanvasElement>) => {
    if (!current.current) return;
    // The event's own time: the latency then includes any wait for the main thread before
    // this handler ran (same time base as performance.now()).
    const now = performance.now();
    const at = e.timeStamp > 0 ? Math.min(e.timeStamp, now) : now;
    current.current = null;
    if (e.currentTarget.hasPointerCapture(e.pointerId)) e.currentTarget.releasePointerCapture(e.pointerId);
    setStrokeCount(strokes.current.length);
    send(true, at);
  };

  const undo = () => {
    strokes.current.pop();
    setStrokeCount(strokes.current.length);
    redraw();
    if (strokes.current.length === 0 && base.current) onBackToImage();
    else send(true, performance.now());
  };

  // The keyboard pen: arrows move it (Shift: a finer step), Space puts it down and lifts it
  // (a stroke, as with a pointer), Escape lifts it. Its position is drawn as a ring.
  const [pen, setPen] = useState<{ x: number; y: number; down: boolean } | null>(null);
  const onKeyDown = (e: React.KeyboardEvent<HTMLCanvasElement>) => {
    const cur = pen ?? { x: PAD_SIZE / 2, y: PAD_SIZE / 2, down: false };
    const stepPx = e.shiftKey ? KEY_STEP_FINE : KEY_STEP;
    const moves: Record<string, [number, number]> = { ArrowLeft: [-stepPx, 0], ArrowRight: [stepPx, 0], ArrowUp: [0, -stepPx], ArrowDown: [0, stepPx] };
    const mv = moves[e.key];
    if (mv) {
      e.preventDefault();
      const next = { ...cur, x: Math.max(0, Math.min(PAD_SIZE, cur.x + mv[0])), y: Math.max(0, Math.min(PAD_SIZE, cur.y + mv[1])) };
      setPen(next);
      const st = current.current;
      if (next.down && st) {
        const from = st.points.length;
        st.points.push([next.x, next.y]);
        const c = ctx();
        if (c) drawStroke(c, st, from);
        if (performance.now() - lastSent.current >= moveThrottleMs) send(false, performance.now());
      }
      return;
    }
    if (e.key === ' ' || e.key === 'Enter' || (e.key === 'Escape' && cur.down)) {
      e.preventDefault();
      if (!cur.down && e.key !== 'Escape') {
        const st: Stroke = { size: brush, points: [[cur.x, cur.y]] };
        current.current = st;
        strokes.current.push(st);
        const c = ctx();
        if (c) drawStroke(c, st);
        send(false, performance.now());
        setPen({ ...cur, down: true });
      } else {
        current.current = null;
        setStrokeCount(strokes.current.length);
        send(true, performance.now());
        setPen({ ...cur, down: false });
      }
    }
  };

  const clear = () => {
    base.current = null;
    strokes.current = [];
    setStrokeCount(0);
    setHasBase(false);
    redraw();
    onChange(null, true, performance.now());
  };

  return (
    <div className="pad">
      <div className="pad-frame">
      <canvas
        ref={canvas}
        width={PAD_SIZE}
        height={PAD_SIZE}
        className="pad-canvas"
        aria-label="Drawing pad"
        aria-describedby={`${brushId}-keys`}
        aria-roledescription="drawing pad"
        role="application"
        tabIndex={0}
        onKeyDown={onKeyDown}
        onBlur={() => pen?.down || setPen(null)}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={endStroke}
        onPointerCancel={endStroke}
      />
      {pen && (
        <span
          className={`pad-pen${pen.down ? ' down' : ''}`}
          aria-hidden="true"
          style={{ left: `${(100 * pen.x) / PAD_SIZE}%`, top: `${(100 * pen.y) / PAD_SIZE}%`, width: `${(100 * brush) / PAD_SIZE}%`, height: `${(100 * brush) / PAD_SIZE}%` }}
        />
      )}
      </div>
      <p id={`${brushId}-keys`} className="sr-only">
        Keyboard: arrow keys move the pen (Shift for small steps), Space puts the pen down and lifts it.
      </p>
      <div className="pad-tools">
        <label htmlFor={brushId}>Brush size</label>
        <input id={brushId} type="range" min={BRUSH_MIN} max={BRUSH_MAX} value={brush} onChange={(e) => setBrush(Number(e.target.value))} />
        <output htmlFor={brushId}>{brush} px</output>
      </div>
      <div className="pad-tools">
        <button type="button" onClick={undo} disabled={strokeCount === 0}>
          Undo
        </button>
        <button type="button" onClick={clear} disabled={strokeCount === 0 && !hasBase}>
          Clear
        </button>
      </div>
    </div>
  );
}
