/**
 * How a chart's SVG is prepared for its PNG export. An SVG drawn as an image is a document of
 * its own: the page's CSS does not reach it, so its text would fall back to the browser's
 * default (serif) font. The text styles the page computed are written onto a copy of the SVG
 * as presentation attributes. Pure (any style source, any element with setAttribute), for the
 * unit tests.
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
