/**
 * How a chart's SVG is prepared for its PNG export. An SVG drawn as an image is a document of
 * its own: the page's CSS does not reach it, so its text would fall back to the browser's
 * default (serif) font. The text styles the page computed are written onto a copy of the SVG
 * as presentation attributes. And recharts keeps a band of its SVG empty for its legend (HTML
 * laid over the SVG, drawn again below the exported chart): the copy shows only the part of
 * the SVG where the chart is drawn. Pure (any style source, any element with setAttribute,
 * boxes as numbers), for the unit tests.
 */

/** The parts of a computed style (getComputedStyle) that a chart's text takes from the page. */
export type TextStyle = Pick<CSSStyleDeclaration, 'fontFamily' | 'fontSize' | 'fontWeight' | 'fontStyle' | 'fill'>;

/** Each copied style property, by its SVG presentation attribute. */
const TEXT_ATTRIBUTES = [
  ['font-family', 'fontFamily'],
  ['font-size', 'fontSize'],
  ['font-weight', 'fontWeight'],
  ['font-style', 'fontStyle'],
  ['fill', 'fill'],
] as const satisfies readonly (readonly [string, keyof TextStyle])[];

/** The presentation attributes that make a text element look as `style` (its computed style) says. */
export function textAttributes(style: Partial<TextStyle>): [name: string, value: string][] {
  return TEXT_ATTRIBUTES.flatMap(([name, key]) => {
    const value = style[key]?.trim();
    return value ? [[name, value] as [string, string]] : [];
  });
}

/**
 * Gives each text element of `copy` the computed style of the same element of `live` (the
 * same SVG before it was cloned: its text elements in the same order). Only `copy` is changed.
 */
export function copyTextStyles<E>(
  live: readonly E[],
  copy: readonly Pick<Element, 'setAttribute'>[],
  styleOf: (e: E) => Partial<TextStyle>,
): void {
  const n = Math.min(live.length, copy.length);
  for (let i = 0; i < n; i++) {
    for (const [name, value] of textAttributes(styleOf(live[i]!))) copy[i]!.setAttribute(name, value);
  }
}

/** A rectangle: in CSS pixels from the SVG's top left, or in the SVG's user units for a viewBox. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Margin kept around a chart's drawn parts in its export, in CSS pixels. */
export const CROP_PADDING = 8;

/**
 * The part of a chart's SVG (`width` × `height` CSS pixels) that its export shows: the union of
 * the SVG's drawn parts (`parts`: its children's boxes, in CSS pixels from the SVG's top left)
 * with `padding` around it, inside the SVG. No part lies in the band recharts keeps empty for
 * its legend, at the top or at the bottom, so the band is left out. Parts with no extent (empty
 * groups, <defs>, <title>) do not count; without any other, the export shows the whole SVG.
 */
export function cropBox(width: number, height: number, parts: readonly Box[], padding = CROP_PADDING): Box {
  const drawn = parts.filter((p) => p.width > 0 || p.height > 0);
  if (drawn.length === 0) return { x: 0, y: 0, width, height };
  const left = Math.max(0, Math.min(...drawn.map((p) => p.x)) - padding);
  const top = Math.max(0, Math.min(...drawn.map((p) => p.y)) - padding);
  const right = Math.min(width, Math.max(...drawn.map((p) => p.x + p.width)) + padding);
  const bottom = Math.min(height, Math.max(...drawn.map((p) => p.y + p.height)) + padding);
  if (right <= left || bottom <= top) return { x: 0, y: 0, width, height };
  return { x: left, y: top, width: right - left, height: bottom - top };
}

/**
 * The viewBox attribute that shows `crop` (CSS pixels, see cropBox) of an SVG drawn at `width` ×
 * `height` CSS pixels whose own viewBox is `viewBox` (null without one: user units are CSS pixels).
 */
export function cropViewBox(viewBox: Box | null, width: number, height: number, crop: Box): string {
  const vb = viewBox && viewBox.width > 0 && viewBox.height > 0 ? viewBox : { x: 0, y: 0, width, height };
  const sx = vb.width / width;
  const sy = vb.height / height;
  return [vb.x + crop.x * sx, vb.y + crop.y * sy, crop.width * sx, crop.height * sy].join(' ');
}
