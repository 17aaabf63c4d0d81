import katex from 'katex';
import { useMemo } from 'react';

/**
 * A formula typeset by KaTeX (HTML for the eye, MathML for screen readers), rendered to a
 * string at build of the element: no images, nothing fetched (the fonts are bundled). KaTeX
 * writes inline style attributes; the page's CSP allows them (style-src 'unsafe-inline', which
 * React and recharts need as well), so the output renders as it is.
 */
export function Tex({ tex, display = false }: { tex: string; display?: boolean }) {
  const html = useMemo(() => katex.renderToString(tex, { throwOnError: false, displayMode: display, output: 'htmlAndMathml' }), [tex, display]);
  return <span className={display ? 'tex tex-display' : 'tex'} dangerouslySetInnerHTML={{ __html: html }} />;
}
