import { useEffect, useRef, type ReactNode, type RefObject } from 'react';

/** Recharts 3's layers (one <g> per z-index) carry tabindex="-1": focusable, though no tab stop. */
const LAYERS = 'g[class^="recharts-zIndex-layer_"][tabindex]';

/**
 * Takes the tabindex off recharts' layer groups inside `root`, now and whenever recharts adds
 * one: a focusable group without a name is an unnamed element for assistive technology, and
 * nothing in a layer is meant to take focus (the charts' own readout is outside them).
 */
export function useUnfocusableLayers(root: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const el = root.current;
    if (!el) return;
    const strip = () => el.querySelectorAll(LAYERS).forEach((g) => g.removeAttribute('tabindex'));
    strip();
    const observer = new MutationObserver(strip);
    // Recharts may also put the attribute back on a layer it re-renders.
    observer.observe(el, { childList: true, subtree: true, attributes: true, attributeFilter: ['tabindex'] });
    return () => observer.disconnect();
  }, [root]);
}

/** A block around a recharts chart that keeps its layers out of the focus order (useUnfocusableLayers). */
export function UnfocusableLayers({ children }: { children: ReactNode }) {
  const root = useRef<HTMLDivElement>(null);
  useUnfocusableLayers(root);
  return <div ref={root}>{children}</div>;
}
