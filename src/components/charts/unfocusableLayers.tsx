import { useEffect, useRef, type ReactNode, type RefObject } from 'react';

/** Recharts 3's layers (one <g> per z-index) carry tabindex="-1": focusable, though no tab stop. */
const LAYERS = 'g[class^="recharts-zIndex-layer_"]';

/**
 * Takes the tabindex off recharts' layer groups inside `root`, now and whenever recharts adds
 * one: a focusable group without a name is an unnamed element for assistive technology, and
 * nothing in a layer is meant to take focus (the charts' own readout is outside them).
 */
export function useUnfocusableLayers(root: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const el = root.current;
    if (!el) return;
    // The layers (grid, axes, labels) are drawing, named as a whole by the chart's figure and read
    // as text by its readout: hidden from assistive technology, which Chromium otherwise lists
    // as unnamed focusable groups even without a tabindex.
    const strip = () =>
      el.querySelectorAll(LAYERS).forEach((g) => {
        if (g.hasAttribute('tabindex')) g.removeAttribute('tabindex');
        if (g.getAttribute('aria-hidden') !== 'true') g.setAttribute('aria-hidden', 'true');
      });
    strip();
    const observer = new MutationObserver(strip);
    // Recharts may also put the attribute back on a layer it re-renders.
    observer.observe(el, { childList: true, subtree: true, attributes: true, attributeFilter: ['tabindex', 'aria-hidden'] });
    return () => observer.disconnect();
  }, [root]);
}

/** A block around a recharts chart that keeps its layers out of the focus order (useUnfocusableLayers). */
export function UnfocusableLayers({ children }: { children: ReactNode }) {
  const root = useRef<HTMLDivElement>(null);
  useUnfocusableLayers(root);
  return <div ref={root}>{children}</div>;
}
