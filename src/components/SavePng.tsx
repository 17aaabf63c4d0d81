/**
 * PNG exports of what a panel shows: a canvas as it is, or a chart's SVG drawn onto a canvas
 * (white background, at twice its size for sharpness, its text in the page's font, cropped to
 * where the chart is drawn); either with the legend the page shows beside it drawn below it.
 * Nothing leaves the page: the image is made here and offered as a download.
 */
import type { RefObject } from 'react';
import { downloadBlob } from '../client/download';
import { reportError } from '../client/actions';
import { drawLegend, layoutLegend, legendFont, readChartLegend, readSwatchLegend, type LegendLayout, type PageLegend } from './pngLegend';
import { copyTextStyles, cropBox, cropViewBox } from './pngChart';

function canvasToPng(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the browser could not encode the PNG'))), 'image/png'),
  );
}

/** `legend` laid out across `width` CSS pixels, measured in its font on `ctx` (none: an empty layout). */
function measuredLegend(ctx: CanvasRenderingContext2D, legend: PageLegend | null, width: number): LegendLayout {
  const font = legendFont(legend?.fontFamily, legend?.style);
  ctx.font = font;
  return layoutLegend(legend?.entries ?? [], width, (s) => ctx.measureText(s).width, font, legend?.style);
}

/**
 * The chart `svg` with `legend` drawn below it (recharts draws its legend as HTML, outside the SVG),
 * cropped to where the chart is drawn (without the band recharts keeps for the legend on the page).
 */
async function svgToPng(svg: SVGSVGElement, legend: PageLegend | null, scale = 2): Promise<Blob> {
  const box = svg.getBoundingClientRect();
  const parts = [...svg.children].map((c) => {
    const r = c.getBoundingClientRect();
    return { x: r.x - box.x, y: r.y - box.y, width: r.width, height: r.height };
  });
  const crop = cropBox(box.width, box.height, parts);
  const { width, height } = crop;
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  // The page's CSS does not reach an SVG drawn as an image: its text takes the page's font here.
  const TEXT = 'text, tspan';
  copyTextStyles([...svg.querySelectorAll(TEXT)], [...clone.querySelectorAll(TEXT)], (e) => getComputedStyle(e));
  clone.setAttribute('viewBox', cropViewBox(svg.viewBox.baseVal, box.width, box.height, crop));
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  const text = new XMLSerializer().serializeToString(clone);
  const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2-D canvas');
    // The legend is measured in its font first: its rows decide the canvas's height.
    const layout = measuredLegend(ctx, legend, width);
    // Sizing the canvas resets the context's state (font, transform).
    canvas.width = Math.max(1, Math.round(width * scale));
    canvas.height = Math.max(1, Math.round((height + layout.height) * scale));
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(img, 0, 0, Math.round(width * scale), Math.round(height * scale));
    ctx.scale(scale, scale);
    drawLegend(ctx, layout, 0, height, legend?.style);
    return await canvasToPng(canvas);
  } finally {
    URL.revokeObjectURL(url);
  }
}

/**
 * The picture on `source` (at its own resolution) with `legend` drawn below it, on white, at
 * the size it has on the page relative to the picture (the canvas may be drawn larger or
 * smaller than its pixels).
 */
function canvasWithLegendToPng(source: HTMLCanvasElement, legend: PageLegend): Promise<Blob> {
  // Canvas pixels per CSS pixel of the picture on the page (its border left out).
  const scale = source.clientWidth > 0 ? source.width / source.clientWidth : 1;
  const width = source.width / scale;
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2-D canvas');
  const layout = measuredLegend(ctx, legend, width);
  canvas.width = source.width;
  canvas.height = source.height + Math.ceil(layout.height * scale);
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(source, 0, 0);
  ctx.scale(scale, scale);
  drawLegend(ctx, layout, 0, source.height / scale, legend.style);
  return canvasToPng(canvas);
}

/**
 * Saves the first canvas, or else the first chart SVG, inside `container` as `<name>.png`,
 * with the legend that `container` shows for it.
 */
export async function savePanelPng(container: HTMLElement, name: string): Promise<void> {
  const canvas = container.querySelector('canvas');
  // The chart is the largest SVG (legend icons are small SVGs of their own).
  const svg = [...container.querySelectorAll<SVGSVGElement>('svg')].reduce<SVGSVGElement | null>((best, s) => {
    const area = (e: SVGSVGElement) => e.getBoundingClientRect().width * e.getBoundingClientRect().height;
    return !best || area(s) > area(best) ? s : best;
  }, null);
  let blob: Blob | null = null;
  if (canvas) {
    const legend = readSwatchLegend(container);
    blob = legend ? await canvasWithLegendToPng(canvas, legend) : await canvasToPng(canvas);
  } else if (svg) {
    blob = await svgToPng(svg, readChartLegend(container));
  }
  if (!blob) throw new Error(`nothing to save in "${name}" yet`);
  downloadBlob(blob, `${name}.png`, 'image/png');
}

/** A small "PNG" button that saves what `target` shows. `what` names it for people ("Learning curves"). */
export function SavePngButton({ target, what, fileName }: { target: RefObject<HTMLElement | null>; what: string; fileName: string }) {
  return (
    <button
      type="button"
      className="png-button"
      aria-label={`Save ${what} as PNG`}
      title={`Save ${what} as PNG`}
      onClick={() => {
        if (target.current) savePanelPng(target.current, fileName).catch(reportError);
      }}
    >
      PNG
    </button>
  );
}
