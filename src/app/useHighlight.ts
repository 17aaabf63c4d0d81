import { useEffect } from 'react';
import { useAppStore } from '../store/store';

/**
 * Outlines the view a guide or a link points at (`[data-view=id]`), for as long as the store
 * says; the outline sits outside the element, so it never covers a control.
 */
export function useHighlight(): void {
  const id = useAppStore((s) => s.highlightedView);
  useEffect(() => {
    if (!id) return;
    const el = document.querySelector(`[data-view="${id}"]`);
    el?.classList.add('highlighted');
    return () => el?.classList.remove('highlighted');
  }, [id]);
}
