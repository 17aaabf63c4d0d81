/**
 * The legend of a panel's PNG export. Recharts draws its legend as HTML beside the chart's SVG,
 * and the latent map's colour legend is HTML beside its canvas, so an image made from the SVG or
 * the canvas alone has none: the entries (names, colours, icons) and the text size are read from
 * the legend on the page and drawn below the picture, in rows that wrap like the page's.
 * What decides an icon, the layout and the drawing are pure (icon attributes as strings, any
 * text measure, any 2-D context), for the unit tests; the readers of the page are thin.
 */

/** The icon drawn before an entry's name, in the entry's colour. */
export type LegendIcon =
  /** A line across the icon: dashed as `dash` (CSS pixels, none: solid), with recharts' ring in its middle if `marker`. */
  | { shape: 'line'; dash: readonly number[]; marker: boolean }
  /** A filled bar across the icon, three quarters of its height (recharts' icon of a bar series). */
  | { shape: 'rect' }
  /** A filled disc as wide as the icon. */
  | { shape: 'circle' };

export interface LegendEntry {
  name: string;
  /** A CSS colour: the icon's, as the page's legend shows it. */
  color: string;
  /** A CSS colour: the name's (default: `color`, as recharts colours its names). */
  textColor?: string;
  icon: LegendIcon;
}

export interface PlacedLegendEntry extends LegendEntry {
  /** The name as drawn: cut short with "…" when it is wider than a whole row. */
  text: string;
  /** Left edge of the icon, and the vertical middle of its row, in CSS pixels from the legend's top left. */
  x: number;
  y: number;
}

export interface LegendLayout {
  /** Height of the band the legend takes below the picture (0 without entries). */
  height: number;
  font: string;
  entries: PlacedLegendEntry[];
}

/** Sizes in CSS pixels: the text's, the icon's side (`swatch`) and the spaces around them. */
export interface LegendStyle {
  fontPx: number;
  swatch: number;
  swatchGap: number;
  itemGap: number;
  rowGap: number;
  padding: number;
}

/** Recharts' default legend (14 px icons, 4 px to the name, 10 px between items) at the page's 16 px text. */
export const LEGEND_STYLE: LegendStyle = { fontPx: 16, swatch: 14, swatchGap: 4, itemGap: 10, rowGap: 4, padding: 8 };

/** The legend style for text of `fontPx` and icons of `swatch` CSS pixels (as the page shows them; unusable sizes keep the default). */
export function legendStyle(fontPx: number, swatch: number = LEGEND_STYLE.swatch): LegendStyle {
  const ok = (v: number, fallback: number) => (Number.isFinite(v) && v > 0 ? v : fallback);
  return { ...LEGEND_STYLE, fontPx: ok(fontPx, LEGEND_STYLE.fontPx), swatch: ok(swatch, LEGEND_STYLE.swatch) };
}

/** The canvas font of the legend, in the page's font family. */
export function legendFont(fontFamily = 'sans-serif', style: LegendStyle = LEGEND_STYLE): string {
  return `${style.fontPx}px ${fontFamily || 'sans-serif'}`;
}

/**
 * An SVG stroke-dasharray ("4 3", "4,3", "4px 3px") as canvas line dash lengths, times `scale`
 * (CSS pixels per user unit). Solid ("none", empty, all zeros or anything unreadable): [].
 * An odd list repeats, as in SVG.
 */
export function parseDash(value: string | null | undefined, scale = 1): number[] {
  const parts = (value ?? '').trim().split(/[\s,]+/).filter(Boolean);
  if (parts.length === 0 || parts[0] === 'none') return [];
  const dash = parts.map((p) => (/^\d*\.?\d+(px)?$/.test(p) ? parseFloat(p) * scale : NaN));
  if (dash.some((d) => !Number.isFinite(d)) || dash.every((d) => d === 0)) return [];
  return dash.length % 2 === 1 ? [...dash, ...dash] : dash;
}

/** The attributes of a recharts legend icon (the element with class recharts-legend-icon or recharts-symbols). */
export interface IconMarkup {
  /** Element name: "path", "line", … */
  tag: string;
  /** Its class attribute. */
  className: string;
  fill: string | null;
  stroke: string | null;
  /** Its own stroke-dasharray (recharts sets it on the plain line icon of a dashed series). */
  dash: string | null;
  /** CSS pixels per unit of the icon's viewBox (recharts: a 32-unit box drawn at 14 px). */
  unit: number;
}

const painted = (c: string | null) => (c && c !== 'none' ? c : null);

/**
 * The icon and colour of a recharts legend entry, from its icon's attributes and the
 * stroke-dasharray of its series in the chart (`seriesDash`, null if there is none). A line
 * series is a line, ringed in the middle as recharts draws it ("line" icon) or plain ("plainline");
 * a dashed series is a plain line with the series' dash (the page's ringed icon leaves the
 * dash out, but the curve is dashed). A bar series is a bar; any other symbol, a disc.
 */
export function rechartsIcon(icon: IconMarkup | null, seriesDash: string | null): { color: string | null; icon: LegendIcon } {
  const color = painted(icon?.stroke ?? null) ?? painted(icon?.fill ?? null);
  if (icon && /\brecharts-symbols\b/.test(icon.className)) return { color, icon: { shape: 'circle' } };
  // The rect icon is filled and not stroked; the line icons are stroked and not filled.
  if (icon && !painted(icon.stroke) && painted(icon.fill)) return { color, icon: { shape: 'rect' } };
  const own = parseDash(icon?.dash, icon?.unit ?? 1);
  const dash = own.length > 0 ? own : parseDash(seriesDash);
  return { color, icon: { shape: 'line', dash, marker: icon?.tag === 'path' && dash.length === 0 } };
}

/** A legend as the page shows it: its entries and the style and font family of its text. */
export interface PageLegend {
  entries: LegendEntry[];
  style: LegendStyle;
  fontFamily: string;
}

/** The recharts legend inside `root`, with each series' dash from the chart (null when the chart has no legend). */
export function readChartLegend(root: ParentNode): PageLegend | null {
  const dashOf = new Map<string, string | null>();
  for (const curve of root.querySelectorAll('.recharts-curve[name], .series-line[name]')) {
    const name = curve.getAttribute('name')!;
    if (!dashOf.has(name)) dashOf.set(name, curve.getAttribute('stroke-dasharray'));
  }
  const items = [...root.querySelectorAll('.recharts-legend-item')].flatMap((item) => {
    const label = item.querySelector('.recharts-legend-item-text');
    const name = label?.textContent?.trim() ?? '';
    return label && name ? [{ item, label: getComputedStyle(label), name }] : [];
  });
  if (items.length === 0) return null;
  let swatch = LEGEND_STYLE.swatch;
  const entries = items.map(({ item, label, name }): LegendEntry => {
    const surface = item.querySelector('svg');
    const element = item.querySelector('.recharts-legend-icon, .recharts-symbols');
    const size = surface?.width.baseVal.value ?? 0;
    if (size > 0) swatch = size;
    const units = surface?.viewBox.baseVal?.width || 32;
    const markup: IconMarkup | null = element && {
      tag: element.tagName.toLowerCase(),
      className: element.getAttribute('class') ?? '',
      fill: element.getAttribute('fill'),
      stroke: element.getAttribute('stroke'),
      dash: element.getAttribute('stroke-dasharray'),
      unit: (size || LEGEND_STYLE.swatch) / units,
    };
    const { color, icon } = rechartsIcon(markup, dashOf.get(name) ?? null);
    return { name, color: color ?? (label.color || '#333'), textColor: label.color || undefined, icon };
  });
  const text = items[0]!.label;
  return { entries, style: legendStyle(parseFloat(text.fontSize), swatch), fontFamily: text.fontFamily };
}

/**
 * The colour legend of a latent view inside `root` (a list of class .lv-legend whose items are a
 * .lv-swatch and a name; null without one): each swatch's colour and shape as the page shows it.
 */
export function readSwatchLegend(root: ParentNode): PageLegend | null {
  const list = root.querySelector('.lv-legend');
  if (!list) return null;
  let swatchPx = 0;
  const entries = [...list.querySelectorAll('li')].flatMap((item): LegendEntry[] => {
    const name = item.textContent?.trim() ?? '';
    const swatch = item.querySelector('.lv-swatch');
    if (!name || !swatch) return [];
    const s = getComputedStyle(swatch);
    swatchPx ||= parseFloat(s.width);
    const round = parseFloat(s.borderRadius) > 0;
    return [{ name, color: s.backgroundColor, textColor: getComputedStyle(item).color, icon: round ? { shape: 'circle' } : { shape: 'rect' } }];
  });
  if (entries.length === 0) return null;
  const text = getComputedStyle(list);
  return { entries, style: legendStyle(parseFloat(text.fontSize), swatchPx), fontFamily: text.fontFamily };
}

/** `text`, cut short with "…" so that it measures at most `max`. */
function fit(text: string, max: number, measure: (s: string) => number): string {
  if (measure(text) <= max) return text;
  let n = text.length;
  while (n > 0 && measure(`${text.slice(0, n)}…`) > max) n--;
  return `${text.slice(0, n)}…`;
}

/** Height of a legend row: the taller of the icon and the text's line. */
export function rowHeight(style: LegendStyle): number {
  return Math.max(style.swatch, Math.round(style.fontPx * 1.3));
}

/**
 * Places `entries` in centred rows across `width` CSS pixels, in order, each an icon then its
 * name; `measure` gives a text's width in CSS pixels in `font` (see legendFont).
 */
export function layoutLegend(
  entries: readonly LegendEntry[],
  width: number,
  measure: (s: string) => number,
  font = legendFont(),
  style: LegendStyle = LEGEND_STYLE,
): LegendLayout {
  if (entries.length === 0) return { height: 0, font, entries: [] };
  const inner = Math.max(1, width - 2 * style.padding);
  const line = rowHeight(style);
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
    const y = style.padding + r * (line + style.rowGap) + line / 2;
    for (const it of row) {
      placed.push({ ...it.entry, text: it.text, x, y });
      x += it.w + style.itemGap;
    }
  });
  const height = 2 * style.padding + rows.length * line + (rows.length - 1) * style.rowGap;
  return { height, font, entries: placed };
}

/** The parts of a 2-D canvas context the legend uses. */
export type LegendContext = Pick<
  CanvasRenderingContext2D,
  | 'fillStyle'
  | 'strokeStyle'
  | 'lineWidth'
  | 'font'
  | 'textBaseline'
  | 'textAlign'
  | 'setLineDash'
  | 'beginPath'
  | 'moveTo'
  | 'lineTo'
  | 'arc'
  | 'stroke'
  | 'fill'
  | 'fillRect'
  | 'fillText'
>;

/** Draws `icon` in `color` in the square of side `s` whose left edge is `x` and whose middle is at height `y`. */
function drawIcon(ctx: LegendContext, icon: LegendIcon, color: string, x: number, y: number, s: number): void {
  ctx.fillStyle = color;
  ctx.strokeStyle = color;
  if (icon.shape === 'rect') {
    ctx.fillRect(x, y - (3 * s) / 8, s, (3 * s) / 4);
  } else if (icon.shape === 'circle') {
    ctx.beginPath();
    ctx.arc(x + s / 2, y, s / 2, 0, 2 * Math.PI);
    ctx.fill();
  } else {
    // Recharts' line icons: a stroke 4/32 of the icon thick; the ring's radius is 1/6 of it.
    ctx.lineWidth = s / 8;
    ctx.setLineDash(icon.dash);
    ctx.beginPath();
    if (icon.marker) {
      ctx.moveTo(x, y);
      ctx.lineTo(x + s / 3, y);
      ctx.moveTo(x + (2 * s) / 3, y);
      ctx.lineTo(x + s, y);
      ctx.moveTo(x + (2 * s) / 3, y);
      ctx.arc(x + s / 2, y, s / 6, 0, 2 * Math.PI);
    } else {
      ctx.moveTo(x, y);
      ctx.lineTo(x + s, y);
    }
    ctx.stroke();
  }
}

/** Draws `layout` with its top left at (`left`, `top`), in the context's current units (CSS pixels). */
export function drawLegend(ctx: LegendContext, layout: LegendLayout, left: number, top: number, style: LegendStyle = LEGEND_STYLE): void {
  ctx.font = layout.font;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  for (const e of layout.entries) {
    drawIcon(ctx, e.icon, e.color, left + e.x, top + e.y, style.swatch);
    ctx.fillStyle = e.textColor ?? e.color;
    ctx.fillText(e.text, left + e.x + style.swatch + style.swatchGap, top + e.y);
  }
}
