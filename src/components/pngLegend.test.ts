import { describe, expect, it } from 'vitest';
import { drawLegend, LEGEND_STYLE, layoutLegend, legendFont, type LegendContext, type LegendEntry } from './pngLegend';

/** 7 CSS pixels per character: a stand-in for canvas text measurement. */
const measure = (s: string) => 7 * s.length;

const CURVES: LegendEntry[] = [
  { name: 'ELBO (train)', color: '#1f5fbf' },
  { name: 'ELBO (test)', color: '#d9480f' },
  { name: 'Reconstruction (train)', color: '#2b8a3e' },
  { name: 'KL (train, right axis)', color: '#9c36b5' },
];

/** A 2-D context that records what is drawn, with the fill style at the time. */
function recorder() {
  const calls: { op: 'rect' | 'text'; style: string; text?: string; x: number; y: number }[] = [];
  const ctx: LegendContext = {
    fillStyle: '#000',
    font: '',
    textBaseline: 'alphabetic',
    textAlign: 'start',
    fillRect(x: number, y: number) {
      calls.push({ op: 'rect', style: String(ctx.fillStyle), x, y });
    },
    fillText(text: string, x: number, y: number) {
      calls.push({ op: 'text', style: String(ctx.fillStyle), text, x, y });
    },
  };
  return { ctx, calls };
}

describe('chart PNG legend', () => {
  it('takes no room without entries', () => {
    expect(layoutLegend([], 600, measure)).toEqual({ height: 0, font: legendFont(), entries: [] });
  });

  it('places every entry, in order, with its colour, inside the width', () => {
    const layout = layoutLegend(CURVES, 600, measure);
    expect(layout.height).toBeGreaterThan(0);
    expect(layout.entries.map((e) => [e.name, e.text, e.color])).toEqual(CURVES.map((e) => [e.name, e.name, e.color]));
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
    const long = { name: 'ELBO (train), run 3: β=4, learning rate 0.003, 20 latent dimensions', color: '#495057' };
    const [e] = layoutLegend([long], 200, measure).entries;
    expect(e!.name).toBe(long.name);
    expect(e!.text.endsWith('…')).toBe(true);
    expect(long.name.startsWith(e!.text.slice(0, -1))).toBe(true);
    expect(LEGEND_STYLE.padding + LEGEND_STYLE.swatch + LEGEND_STYLE.swatchGap + measure(e!.text)).toBeLessThanOrEqual(200 - LEGEND_STYLE.padding);
  });

  it('draws each entry below the chart: a swatch and its name, in its colour', () => {
    const layout = layoutLegend(CURVES, 600, measure);
    const { ctx, calls } = recorder();
    const chartHeight = 320;
    drawLegend(ctx, layout, 0, chartHeight);
    expect(ctx.font).toBe(layout.font);
    for (const entry of CURVES) {
      const text = calls.find((c) => c.op === 'text' && c.text === entry.name);
      expect(text, entry.name).toBeDefined();
      expect(text!.style).toBe(entry.color);
      expect(text!.y).toBeGreaterThan(chartHeight);
      expect(calls.some((c) => c.op === 'rect' && c.style === entry.color && c.y > chartHeight && c.x < text!.x)).toBe(true);
    }
  });
});
