import { describe, expect, it } from 'vitest';
import { copyTextStyles, CROP_PADDING, cropBox, cropViewBox, textAttributes, type Box, type TextStyle } from './pngChart';

/** What Chromium's getComputedStyle gives for a recharts tick label on the page. */
const PAGE_TICK: TextStyle = {
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  fontSize: '16px',
  fontWeight: '400',
  fontStyle: 'normal',
  fill: 'rgb(102, 102, 102)',
};

/** An element that records the attributes set on it. */
function element() {
  const attributes: Record<string, string> = {};
  return {
    attributes,
    setAttribute(name: string, value: string) {
      attributes[name] = value;
    },
  };
}

describe('chart PNG text styles', () => {
  it("maps a text's computed style to the presentation attributes an SVG image understands", () => {
    expect(Object.fromEntries(textAttributes(PAGE_TICK))).toEqual({
      'font-family': PAGE_TICK.fontFamily,
      'font-size': '16px',
      'font-weight': '400',
      'font-style': 'normal',
      fill: 'rgb(102, 102, 102)',
    });
  });

  it('leaves out what the style does not give', () => {
    expect(textAttributes({ fontFamily: 'Inter, sans-serif', fontSize: '', fill: '  ' })).toEqual([['font-family', 'Inter, sans-serif']]);
  });

  it("gives each copied text the page's font and colour, element by element, and leaves the live chart alone", () => {
    const styles: Record<string, Partial<TextStyle>> = {
      tick: PAGE_TICK,
      title: { ...PAGE_TICK, fill: 'rgb(128, 128, 128)' },
      marker: { ...PAGE_TICK, fontSize: '12px', fill: 'rgb(180, 35, 24)' },
    };
    const live = Object.keys(styles).map((name) => ({ name, ...element() }));
    const copy = live.map(() => element());
    copyTextStyles(live, copy, (e) => styles[e.name]!);
    copy.forEach((c, i) => {
      const style = styles[live[i]!.name]!;
      expect(c.attributes['font-family']).toBe(style.fontFamily);
      expect(c.attributes['font-size']).toBe(style.fontSize);
      expect(c.attributes.fill).toBe(style.fill);
    });
    for (const e of live) expect(e.attributes).toEqual({});
  });
});

/**
 * The children of a recharts SVG (990 × 320 CSS pixels) as Chromium measures them, relative to
 * the SVG: the legend is HTML, so none of them lies in the band kept for it (`legendBand`).
 */
function chartParts(legend: 'top' | 'bottom' | 'none') {
  const band = 30;
  const top = legend === 'top' ? band : 16;
  const bottom = legend === 'bottom' ? 320 - band : 312;
  const parts: Box[] = [
    { x: -381, y: -1066, width: 0, height: 0 }, // <title>, <desc>, <defs>: no extent, wherever they are
    { x: 0, y: 0, width: 0, height: 0 }, // an empty layer
    { x: 68, y: top, width: 850, height: bottom - 40 - top }, // grid and series
    { x: 40, y: top - 9, width: 910, height: bottom - 40 - top + 30 }, // axes, their tick labels reaching 9 px above the plot
    { x: 4, y: top + 60, width: 982, height: bottom - top - 70 }, // rotated axis titles
    { x: 420, y: bottom - 24, width: 150, height: 20 }, // x-axis title
  ];
  const legendBand = legend === 'top' ? { y0: 0, y1: band } : legend === 'bottom' ? { y0: 320 - band, y1: 320 } : null;
  return { parts, legendBand };
}

const contains = (outer: Box, inner: Box) =>
  inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height;

describe('chart PNG crop', () => {
  for (const legend of ['top', 'bottom', 'none'] as const) {
    it(`keeps every drawn part with a margin, and no more (legend ${legend})`, () => {
      const { parts, legendBand } = chartParts(legend);
      const crop = cropBox(990, 320, parts);
      const drawn = parts.filter((p) => p.width > 0);
      for (const p of drawn) expect(contains(crop, p)).toBe(true);
      expect(crop.y).toBe(Math.max(0, Math.min(...drawn.map((p) => p.y)) - CROP_PADDING));
      expect(crop.y + crop.height).toBe(Math.min(320, Math.max(...drawn.map((p) => p.y + p.height)) + CROP_PADDING));
      // The empty part of the legend's band is left out (tick labels reach a little into it).
      if (legend === 'top') expect(crop.y).toBeGreaterThan(legendBand!.y1 - 9 - CROP_PADDING - 1);
      if (legend === 'bottom') expect(crop.y + crop.height).toBeLessThan(legendBand!.y0 + CROP_PADDING + 1);
    });
  }

  it('stays inside the SVG', () => {
    const crop = cropBox(400, 200, [{ x: -20, y: 3, width: 450, height: 196 }]);
    expect(crop).toEqual({ x: 0, y: 0, width: 400, height: 200 });
  });

  it('shows the whole SVG when nothing in it is drawn', () => {
    expect(cropBox(400, 200, [])).toEqual({ x: 0, y: 0, width: 400, height: 200 });
    expect(cropBox(400, 200, [{ x: 0, y: 0, width: 0, height: 0 }])).toEqual({ x: 0, y: 0, width: 400, height: 200 });
  });

  it('turns the crop into a viewBox in the SVG user units', () => {
    const crop = { x: 10, y: 20, width: 300, height: 100 };
    expect(cropViewBox(null, 400, 200, crop)).toBe('10 20 300 100');
    expect(cropViewBox({ x: 0, y: 0, width: 400, height: 200 }, 400, 200, crop)).toBe('10 20 300 100');
    // An SVG without a viewBox attribute reports an empty one.
    expect(cropViewBox({ x: 0, y: 0, width: 0, height: 0 }, 400, 200, crop)).toBe('10 20 300 100');
    expect(cropViewBox({ x: 5, y: 5, width: 800, height: 100 }, 400, 200, crop)).toBe('25 15 600 50');
  });
});
