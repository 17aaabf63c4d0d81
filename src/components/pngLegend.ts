/**
 * The legend of a chart's PNG export. Recharts draws its legend as HTML beside the chart's SVG,
 * so an image made from the SVG alone has none: the entries (series names and colours) are read
 * from the legend on the page and drawn below the chart, in rows that wrap like the page's.
 * The layout and the drawing are pure (any text measure, any 2-D context), for the unit tests.
 */

export interface LegendEntry {
  name: string;
  /** A CSS colour, as the page's legend shows it. */
  color: string;
}

export interface PlacedLegendEntry extends LegendEntry {
  /** The name as drawn: cut short with "…" when it is wider than a whole row. */
  text: string;
  /** Left edge of the swatch, and the vertical middle of its row, in CSS pixels from the legend's top left. */
  x: number;
  y: number;
}

export interface LegendLayout {
  /** Height of the band the legend takes below the chart (0 without entries). */
  height: number;
  font: string;
  entries: PlacedLegendEntry[];
}

/** Sizes in CSS pixels, close to recharts' default legend. */
export const LEGEND_STYLE = { fontPx: 13, swatch: 14, swatchGap: 4, itemGap: 12, rowGap: 4, padding: 8 } as const;

/** The canvas font of the legend, in the page's font family. */
export function legendFont(fontFamily = 'sans-serif', style = LEGEND_STYLE): string {
  return `${style.fontPx}px ${fontFamily || 'sans-serif'}`;
}

/** The entries of the recharts legends inside `root` (none when the chart has no legend). */
export function chartLegendEntries(root: ParentNode): LegendEntry[] {
  return [...root.querySelectorAll('.recharts-legend-item')].flatMap((item) => {
    const label = item.querySelector('.recharts-legend-item-text');
    const name = label?.textContent?.trim() ?? '';
    if (!name) return [];
    // The icon carries the series colour (a stroke for lines, a fill for bars and symbols).
    const icon = item.querySelector('.recharts-legend-icon, .recharts-symbols');
    const painted = [icon?.getAttribute('stroke'), icon?.getAttribute('fill')].find((c) => c && c !== 'none');
    const color = painted ?? (label ? getComputedStyle(label).color : '');
    return [{ name, color: color || '#333' }];
  });
}

/** `text`, cut short with "…" so that it measures at most `max`. */
function fit(text: string, max: number, measure: (s: string) => number): string {
  if (measure(text) <= max) return text;
  let n = text.length;
  while (n > 0 && measure(`${text.slice(0, n)}…`) > max) n--;
  return `${text.slice(0, n)}…`;
}

/**
 * Places `entries` in centred rows across `width` CSS pixels, in order, each a swatch then its
 * name; `measure` gives a text's width in CSS pixels in `font` (see legendFont).
 */
export function layoutLegend(
  entries: readonly LegendEntry[],
  width: number,
  measure: (s: string) => number,
  font = legendFont(),
  style = LEGEND_STYLE,
): LegendLayout {
  if (entries.length === 0) return { height: 0, font, entries: [] };
  const inner = Math.max(1, width - 2 * style.padding);
  const rowHeight = Math.max(style.swatch, Math.round(style.fontPx * 1.3));
  const rows: { entry: LegendEntry; text: string; w: number }[][] = [[]];
  let used = 0;
  for (const entry of entries) {
    const text = fit(entry.name, inner - style.swatch - style.swatchGap, measure);
    const w = style.swatch + style.swatchGap + measure(text);
    const row = rows.at(-1)!;
    const needed = row.length === 0 ? w : used + style.itemGap + w;
    if (row.length > 0 && needed > inner) {
      rows.push([{ entry, text, w }]);
      used = w;
    } else {
      row.push({ entry, text, w });
      used = needed;
    }
  }
  const placed: PlacedLegendEntry[] = [];
  rows.forEach((row, r) => {
    const rowWidth = row.reduce((s, it) => s + it.w, 0) + style.itemGap * (row.length - 1);
    let x = style.padding + Math.max(0, (inner - rowWidth) / 2);
    const y = style.padding + r * (rowHeight + style.rowGap) + rowHeight / 2;
    for (const it of row) {
      placed.push({ ...it.entry, text: it.text, x, y });
      x += it.w + style.itemGap;
    }
  });
  const height = 2 * style.padding + rows.length * rowHeight + (rows.length - 1) * style.rowGap;
  return { height, font, entries: placed };
}

/** The parts of a 2-D canvas context the legend uses. */
export type LegendContext = Pick<CanvasRenderingContext2D, 'fillStyle' | 'font' | 'textBaseline' | 'textAlign' | 'fillRect' | 'fillText'>;

/** Draws `layout` with its top left at (`left`, `top`), in the context's current units (CSS pixels). */
export function drawLegend(ctx: LegendContext, layout: LegendLayout, left: number, top: number, style = LEGEND_STYLE): void {
  ctx.font = layout.font;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  for (const e of layout.entries) {
    ctx.fillStyle = e.color;
    // A short thick line, like the page's legend icon for a line series.
    ctx.fillRect(left + e.x, top + e.y - 2, style.swatch, 4);
    ctx.fillText(e.text, left + e.x + style.swatch + style.swatchGap, top + e.y);
  }
}
