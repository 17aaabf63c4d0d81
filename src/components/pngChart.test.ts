import { describe, expect, it } from 'vitest';
import { copyTextStyles, textAttributes, type TextStyle } from './pngChart';

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
