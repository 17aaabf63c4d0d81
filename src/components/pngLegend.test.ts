import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  drawLegend,
  LEGEND_STYLE,
  layoutLegend,
  legendFont,
  legendStyle,
  parseDash,
  readChartLegend,
  readSwatchLegend,
  rechartsIcon,
  rowHeight,
  type IconMarkup,
  type LegendContext,
  type LegendEntry,
  type LegendIcon,
} from './pngLegend';

/** 7 CSS pixels per character: a stand-in for canvas text measurement. */
const measure = (s: string) => 7 * s.length;

const LINE: LegendIcon = { shape: 'line', dash: [], marker: true };
const CURVES: LegendEntry[] = [
  { name: 'ELBO (train)', color: '#1f5fbf', icon: LINE },
  { name: 'ELBO (test)', color: '#d9480f', icon: LINE },
  { name: 'Reconstruction (train)', color: '#2b8a3e', icon: { shape: 'line', dash: [4, 3], marker: false } },
  { name: 'KL (train, right axis)', color: '#9c36b5', icon: LINE },
];

type Op = { op: string; args: number[] };
/** What reached the canvas: a stroke or fill of a path, a rectangle or a text, with the context's state at the time. */
interface Mark {
  op: 'stroke' | 'fill' | 'rect' | 'text';
  style: string;
  dash: number[];
  lineWidth: number;
  path: Op[];
  text?: string;
  x: number;
  y: number;
  width?: number;
  height?: number;
}

/** A 2-D context that records what is drawn, with the styles and dash in effect. */
function recorder() {
  const marks: Mark[] = [];
  let path: Op[] = [];
  let dash: number[] = [];
  const snapshot = (op: Mark['op'], style: unknown) => ({ op, style: String(style), dash: [...dash], lineWidth: ctx.lineWidth, path });
  const ctx: LegendContext = {
    fillStyle: '#000',
    strokeStyle: '#000',
    lineWidth: 1,
    font: '',
    textBaseline: 'alphabetic',
    textAlign: 'start',
    setLineDash(d: number[]) {
      dash = [...d];
    },
    beginPath() {
      path = [];
    },
    moveTo(x: number, y: number) {
      path.push({ op: 'moveTo', args: [x, y] });
    },
    lineTo(x: number, y: number) {
      path.push({ op: 'lineTo', args: [x, y] });
    },
    arc(x: number, y: number, r: number, a0: number, a1: number) {
      path.push({ op: 'arc', args: [x, y, r, a0, a1] });
    },
    stroke() {
      marks.push({ ...snapshot('stroke', ctx.strokeStyle), x: NaN, y: NaN });
    },
    fill() {
      marks.push({ ...snapshot('fill', ctx.fillStyle), x: NaN, y: NaN });
    },
    fillRect(x: number, y: number, width: number, height: number) {
      marks.push({ ...snapshot('rect', ctx.fillStyle), path: [], x, y, width, height });
    },
    fillText(text: string, x: number, y: number) {
      marks.push({ ...snapshot('text', ctx.fillStyle), path: [], text, x, y });
    },
  } as LegendContext;
  return { ctx, marks };
}

/** Draws one entry alone (at the legend's top left, 0, 0) and returns the marks. */
function drawOne(entry: LegendEntry, style = LEGEND_STYLE) {
  const { ctx, marks } = recorder();
  const layout = layoutLegend([entry], 600, measure, legendFont('sans-serif', style), style);
  drawLegend(ctx, layout, 0, 0, style);
  return { marks, placed: layout.entries[0]! };
}

/** The horizontal extent of the line segments of a path. */
function lineExtent(path: Op[]): [number, number] {
  const xs = path.filter((o) => o.op === 'moveTo' || o.op === 'lineTo').map((o) => o.args[0]!);
  return [Math.min(...xs), Math.max(...xs)];
}

describe('chart PNG legend layout', () => {
  it('takes no room without entries', () => {
    expect(layoutLegend([], 600, measure)).toEqual({ height: 0, font: legendFont(), entries: [] });
  });

  it('places every entry, in order, with its colour and icon, inside the width', () => {
    const layout = layoutLegend(CURVES, 600, measure);
    expect(layout.height).toBeGreaterThan(0);
    expect(layout.entries.map((e) => [e.name, e.text, e.color, e.icon])).toEqual(CURVES.map((e) => [e.name, e.name, e.color, e.icon]));
    for (const e of layout.entries) {
      expect(e.x).toBeGreaterThanOrEqual(LEGEND_STYLE.padding);
      expect(e.x + LEGEND_STYLE.swatch + LEGEND_STYLE.swatchGap + measure(e.text)).toBeLessThanOrEqual(600 - LEGEND_STYLE.padding);
      expect(e.y).toBeGreaterThan(0);
      expect(e.y).toBeLessThan(layout.height);
    }
  });

  it('wraps into more rows on a narrow chart, and entries of a row do not overlap', () => {
    const wide = layoutLegend(CURVES, 1000, measure);
    const narrow = layoutLegend(CURVES, 250, measure);
    expect(new Set(wide.entries.map((e) => e.y)).size).toBe(1);
    expect(new Set(narrow.entries.map((e) => e.y)).size).toBeGreaterThan(1);
    expect(narrow.height).toBeGreaterThan(wide.height);
    for (let i = 1; i < narrow.entries.length; i++) {
      const [a, b] = [narrow.entries[i - 1]!, narrow.entries[i]!];
      if (a.y === b.y) expect(b.x).toBeGreaterThanOrEqual(a.x + LEGEND_STYLE.swatch + LEGEND_STYLE.swatchGap + measure(a.text));
      else expect(b.y).toBeGreaterThan(a.y);
    }
  });

  it('cuts a name wider than a whole row short with an ellipsis', () => {
    const long = { name: 'ELBO (train), run 3: β=4, learning rate 0.003, 20 latent dimensions', color: '#495057', icon: LINE };
    const [e] = layoutLegend([long], 200, measure).entries;
    expect(e!.name).toBe(long.name);
    expect(e!.text.endsWith('…')).toBe(true);
    expect(long.name.startsWith(e!.text.slice(0, -1))).toBe(true);
    expect(LEGEND_STYLE.padding + LEGEND_STYLE.swatch + LEGEND_STYLE.swatchGap + measure(e!.text)).toBeLessThanOrEqual(200 - LEGEND_STYLE.padding);
  });

  it("takes the page's text and icon sizes: the font, the rows' height and the icon's room follow them", () => {
    const page = legendStyle(20, 10);
    expect(page).toMatchObject({ fontPx: 20, swatch: 10 });
    expect(legendFont('system-ui', page)).toBe('20px system-ui');
    expect(rowHeight(page)).toBeGreaterThanOrEqual(20);
    const big = layoutLegend(CURVES, 1000, measure, legendFont('x', page), page);
    const small = layoutLegend(CURVES, 1000, measure, legendFont('x', legendStyle(10)), legendStyle(10));
    expect(big.height).toBeGreaterThan(small.height);
    const [a, b] = big.entries;
    expect(b!.x - a!.x).toBe(10 + page.swatchGap + measure(a!.text) + page.itemGap);
    // Sizes the page could not give keep the default.
    expect(legendStyle(NaN, 0)).toEqual(LEGEND_STYLE);
  });
});

describe('chart PNG legend drawing', () => {
  it('draws each entry below the chart: its icon, then its name in its colour', () => {
    const layout = layoutLegend(CURVES, 600, measure);
    const { ctx, marks } = recorder();
    const chartHeight = 320;
    drawLegend(ctx, layout, 0, chartHeight);
    expect(ctx.font).toBe(layout.font);
    for (const entry of CURVES) {
      const text = marks.find((c) => c.op === 'text' && c.text === entry.name);
      expect(text, entry.name).toBeDefined();
      expect(text!.style).toBe(entry.color);
      expect(text!.y).toBeGreaterThan(chartHeight);
      const icon = marks.find((c) => c.op === 'stroke' && c.style === entry.color);
      expect(icon, entry.name).toBeDefined();
      const [, to] = lineExtent(icon!.path);
      expect(to).toBeLessThan(text!.x);
      expect(icon!.path.every((o) => o.args[1]! > chartHeight)).toBe(true);
    }
  });

  it('draws a line series as a line across the icon with a ring in its middle, not a square', () => {
    const { marks, placed } = drawOne(CURVES[0]!);
    const s = LEGEND_STYLE.swatch;
    expect(marks.some((m) => m.op === 'rect')).toBe(false);
    const strokes = marks.filter((m) => m.op === 'stroke');
    expect(strokes).toHaveLength(1);
    const [line] = strokes;
    expect(line!.style).toBe('#1f5fbf');
    expect(line!.dash).toEqual([]);
    // Recharts' icon: a stroke 4/32 of the icon thick, a ring of radius 1/6 of it in the middle.
    expect(line!.lineWidth).toBeCloseTo(s / 8);
    expect(lineExtent(line!.path)).toEqual([placed.x, placed.x + s]);
    const ring = line!.path.find((o) => o.op === 'arc');
    expect(ring?.args.slice(0, 3)).toEqual([placed.x + s / 2, placed.y, s / 6]);
    for (const o of line!.path) expect(o.args[1]).toBe(placed.y);
  });

  it('draws a dashed series as a plain line with its dash, and the next solid one solid', () => {
    const dashed: LegendEntry = { name: 'ELBO (train), run 2: β=1', color: '#495057', icon: { shape: 'line', dash: [2, 2], marker: false } };
    const { ctx, marks } = recorder();
    const layout = layoutLegend([dashed, CURVES[0]!], 600, measure);
    drawLegend(ctx, layout, 0, 0);
    const [first, second] = marks.filter((m) => m.op === 'stroke');
    expect(first!.style).toBe('#495057');
    expect(first!.dash).toEqual([2, 2]);
    expect(first!.path.some((o) => o.op === 'arc')).toBe(false);
    expect(lineExtent(first!.path)).toEqual([layout.entries[0]!.x, layout.entries[0]!.x + LEGEND_STYLE.swatch]);
    expect(second!.style).toBe('#1f5fbf');
    expect(second!.dash).toEqual([]);
  });

  it('draws a bar series as a bar three quarters of the icon high, and a symbol as a disc', () => {
    const s = 14;
    const bar = drawOne({ name: 'KL (nats)', color: '#9c36b5', icon: { shape: 'rect' } });
    const rect = bar.marks.find((m) => m.op === 'rect');
    expect(rect).toMatchObject({ style: '#9c36b5', x: bar.placed.x, width: s, height: (3 * s) / 4 });
    expect(rect!.y + rect!.height! / 2).toBe(bar.placed.y);
    expect(bar.marks.some((m) => m.op === 'stroke')).toBe(false);

    const dot = drawOne({ name: '7', color: 'rgb(255, 157, 167)', icon: { shape: 'circle' } });
    const disc = dot.marks.find((m) => m.op === 'fill');
    expect(disc?.style).toBe('rgb(255, 157, 167)');
    expect(disc?.path.find((o) => o.op === 'arc')?.args.slice(0, 3)).toEqual([dot.placed.x + s / 2, dot.placed.y, s / 2]);
  });

  it('writes a name in its own text colour when it has one', () => {
    const { marks } = drawOne({ name: '3', color: 'rgb(118, 183, 178)', textColor: 'rgb(33, 37, 41)', icon: { shape: 'circle' } });
    expect(marks.find((m) => m.op === 'fill')?.style).toBe('rgb(118, 183, 178)');
    expect(marks.find((m) => m.op === 'text')?.style).toBe('rgb(33, 37, 41)');
  });
});

describe('legend icons as the page draws them', () => {
  /** Recharts' icons (recharts 3, DefaultLegendContent) as they are on the page, 14 px for 32 units. */
  const icon = (o: Partial<IconMarkup>): IconMarkup => ({ tag: 'path', className: 'recharts-legend-icon', fill: 'none', stroke: '#1f5fbf', dash: null, unit: 14 / 32, ...o });

  it('reads SVG dash arrays', () => {
    expect(parseDash('4 3')).toEqual([4, 3]);
    expect(parseDash('2,2')).toEqual([2, 2]);
    expect(parseDash(' 6px, 3px ')).toEqual([6, 3]);
    expect(parseDash('5')).toEqual([5, 5]);
    expect(parseDash('4 3', 0.5)).toEqual([2, 1.5]);
    for (const solid of [null, undefined, '', 'none', '0 0', 'dashed', '4 -3']) expect(parseDash(solid), String(solid)).toEqual([]);
  });

  it("a line series' ringed icon is a ringed line; its colour is the icon's stroke", () => {
    expect(rechartsIcon(icon({}), null)).toEqual({ color: '#1f5fbf', icon: { shape: 'line', dash: [], marker: true } });
  });

  it('a dashed series is a plain line with the dash of its curve in the chart', () => {
    expect(rechartsIcon(icon({ stroke: '#2b8a3e' }), '4 3')).toEqual({ color: '#2b8a3e', icon: { shape: 'line', dash: [4, 3], marker: false } });
  });

  it("a plain line icon keeps its own dash, scaled from the icon's units to pixels", () => {
    expect(rechartsIcon(icon({ tag: 'line', dash: '4 3' }), '2 2').icon).toEqual({ shape: 'line', dash: [1.75, 1.3125], marker: false });
    expect(rechartsIcon(icon({ tag: 'line' }), null).icon).toEqual({ shape: 'line', dash: [], marker: false });
  });

  it("a bar's filled icon is a bar, a symbol a disc; their colour is the fill", () => {
    expect(rechartsIcon(icon({ fill: '#9c36b5', stroke: 'none' }), null)).toEqual({ color: '#9c36b5', icon: { shape: 'rect' } });
    expect(rechartsIcon(icon({ className: 'recharts-symbols', fill: '#ff0000', stroke: null }), null)).toEqual({ color: '#ff0000', icon: { shape: 'circle' } });
  });

  it('without an icon: a plain line (or the series dash), colour unknown', () => {
    expect(rechartsIcon(null, null)).toEqual({ color: null, icon: { shape: 'line', dash: [], marker: false } });
    expect(rechartsIcon(null, '4 3').icon).toEqual({ shape: 'line', dash: [4, 3], marker: false });
  });
});

// ------------------------------------------------------------- reading the page

/** A stand-in for a DOM element: tag, attributes, text, children and a computed style. */
interface FakeElement {
  tagName: string;
  attrs: Record<string, string>;
  text?: string;
  children: FakeElement[];
  style?: Record<string, string>;
  /** For an <svg>: its width and viewBox width. */
  width?: { baseVal: { value: number } };
  viewBox?: { baseVal: { width: number } };
}

const el = (tagName: string, attrs: Record<string, string> = {}, children: FakeElement[] = [], extra: Partial<FakeElement> = {}): FakeElement => ({
  tagName: tagName.toUpperCase(),
  attrs,
  children,
  ...extra,
});

/** Matches the simple selectors the readers use: tag, .class, [attr], combined; comma lists. */
function matches(e: FakeElement, selector: string): boolean {
  return selector.split(',').some((one) => {
    const m = one.trim().match(/^([a-z]*)((?:\.[\w-]+)*)((?:\[[\w-]+\])*)$/i);
    if (!m) throw new Error(`selector not supported here: ${one}`);
    const [, tag, classes, attrs] = m;
    const own = (e.attrs.class ?? '').split(/\s+/);
    return (
      (!tag || e.tagName === tag.toUpperCase()) &&
      (classes ?? '').split('.').filter(Boolean).every((c) => own.includes(c)) &&
      [...(attrs ?? '').matchAll(/\[([\w-]+)\]/g)].every(([, a]) => a! in e.attrs)
    );
  });
}

function descendants(e: FakeElement): FakeElement[] {
  return e.children.flatMap((c) => [c, ...descendants(c)]);
}

/** Gives fake elements the DOM methods the readers call. */
function dom(e: FakeElement): ParentNode {
  const node = {
    ...e,
    get textContent() {
      return e.text ?? descendants(e).map((d) => d.text ?? '').join('');
    },
    getAttribute: (name: string) => e.attrs[name] ?? null,
    querySelectorAll: (sel: string) => descendants(e).filter((d) => matches(d, sel)).map(dom),
    querySelector: (sel: string) => (descendants(e).find((d) => matches(d, sel)) ? dom(descendants(e).find((d) => matches(d, sel))!) : null),
    __fake: e,
  };
  return node as unknown as ParentNode;
}

afterEach(() => vi.unstubAllGlobals());
/** getComputedStyle for fake elements: their `style`. */
function stubComputedStyle() {
  vi.stubGlobal('getComputedStyle', (n: { __fake: FakeElement }) => ({ ...n.__fake.style }));
}

/** A recharts legend item as recharts 3 renders it (a 32-unit icon, here at 12 px, the name in the series colour, here 15 px). */
function legendItem(name: string, color: string, iconAttrs: Record<string, string>, iconTag = 'path') {
  const style = { color, fontSize: '15px', fontFamily: 'system-ui, sans-serif' };
  return el('li', { class: 'recharts-legend-item' }, [
    el('svg', { class: 'recharts-surface' }, [el(iconTag, { class: 'recharts-legend-icon', ...iconAttrs })], {
      width: { baseVal: { value: 12 } },
      viewBox: { baseVal: { width: 32 } },
    }),
    el('span', { class: 'recharts-legend-item-text' }, [], { text: name, style }),
  ]);
}

describe("reading the page's legends", () => {
  it('reads a recharts legend: names, colours, icons, the dash of each series by its name, the text size and font', () => {
    stubComputedStyle();
    const ringed = { stroke: '', fill: 'none', 'stroke-width': '4' };
    const root = el('figure', {}, [
      el('svg', { class: 'recharts-surface' }, [
        // The live charts draw their series themselves (class series-line); other charts are recharts' own.
        el('path', { class: 'series-line', name: 'Reconstruction (train)', stroke: '#2b8a3e', 'stroke-dasharray': '4 3' }),
        el('path', { class: 'recharts-curve recharts-line-curve', name: 'ELBO (train)', stroke: '#1f5fbf' }),
      ]),
      el('ul', {}, [
        legendItem('ELBO (train)', 'rgb(31, 95, 191)', { ...ringed, stroke: '#1f5fbf' }),
        legendItem('Reconstruction (train)', 'rgb(43, 138, 62)', { ...ringed, stroke: '#2b8a3e' }),
        legendItem('KL (nats)', 'rgb(156, 54, 181)', { stroke: 'none', fill: '#9c36b5' }),
      ]),
    ]);
    const legend = readChartLegend(dom(root));
    expect(legend?.fontFamily).toBe('system-ui, sans-serif');
    expect(legend?.style).toEqual(legendStyle(15, 12));
    expect(legend?.entries).toEqual([
      { name: 'ELBO (train)', color: '#1f5fbf', textColor: 'rgb(31, 95, 191)', icon: { shape: 'line', dash: [], marker: true } },
      { name: 'Reconstruction (train)', color: '#2b8a3e', textColor: 'rgb(43, 138, 62)', icon: { shape: 'line', dash: [4, 3], marker: false } },
      { name: 'KL (nats)', color: '#9c36b5', textColor: 'rgb(156, 54, 181)', icon: { shape: 'rect' } },
    ]);
  });

  it('finds no legend in a chart without one', () => {
    stubComputedStyle();
    expect(readChartLegend(dom(el('figure', {}, [el('svg', { class: 'recharts-surface' })])))).toBeNull();
    expect(readSwatchLegend(dom(el('details', {}, [el('canvas')])))).toBeNull();
  });

  it("reads a latent view's colour legend: each swatch's colour and shape, the names and their colour, the text size", () => {
    stubComputedStyle();
    const swatch = (background: string) => el('span', { class: 'lv-swatch' }, [], { style: { backgroundColor: background, borderRadius: '50%', width: '10.875px' } });
    const item = (name: string, colour: string) => el('li', {}, [swatch(colour), el('#text', {}, [], { text: ` ${name}` })], { style: { color: 'rgb(33, 37, 41)' } });
    const root = el('details', {}, [
      el('canvas'),
      el('ul', { class: 'lv-legend' }, [item('0', 'rgb(78, 121, 167)'), item('1', 'rgb(242, 142, 43)')], {
        style: { fontSize: '13.6px', fontFamily: 'system-ui, sans-serif' },
      }),
    ]);
    const legend = readSwatchLegend(dom(root));
    expect(legend?.style).toEqual(legendStyle(13.6, 10.875));
    expect(legend?.fontFamily).toBe('system-ui, sans-serif');
    expect(legend?.entries).toEqual([
      { name: '0', color: 'rgb(78, 121, 167)', textColor: 'rgb(33, 37, 41)', icon: { shape: 'circle' } },
      { name: '1', color: 'rgb(242, 142, 43)', textColor: 'rgb(33, 37, 41)', icon: { shape: 'circle' } },
    ]);
  });
});
