import { Suspense, useEffect, useId, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../store/store';
import { DEEP_PANELS } from './panels';

/** The URL key that opens a tab at load (?tab=reparam), so a link can point into the page. */
export const TAB_URL_KEY = 'tab';

/** The tab a URL asks for, or null (an unknown id is ignored). */
export function tabFromSearch(search: string): string | null {
  const id = new URLSearchParams(search).get(TAB_URL_KEY);
  return id !== null && DEEP_PANELS.some((p) => p.id === id) ? id : null;
}

/**
 * Everything beyond the first screen, one click away: a tab per deeper panel. A panel loads
 * when its tab is first opened and stays mounted (its state kept) while another is shown.
 */
export function DeepTabs() {
  const t = useAppStore(useShallow((s) => ({ active: s.activeTab, visited: s.visitedTabs, highlighted: s.highlightedView, open: s.setActiveTab })));
  const id = useId();
  const list = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const fromUrl = tabFromSearch(window.location.search);
    if (fromUrl) useAppStore.getState().setActiveTab(fromUrl);
  }, []);

  const onKey = (e: React.KeyboardEvent) => {
    const i = DEEP_PANELS.findIndex((p) => p.id === t.active);
    const n = DEEP_PANELS.length;
    const to = e.key === 'ArrowRight' ? (i + 1) % n : e.key === 'ArrowLeft' ? (i - 1 + n) % n : e.key === 'Home' ? 0 : e.key === 'End' ? n - 1 : null;
    if (to === null) return;
    e.preventDefault();
    t.open(DEEP_PANELS[to]!.id);
    list.current?.querySelectorAll<HTMLButtonElement>('[role="tab"]')[to]?.focus();
  };

  return (
    <section className="deep" aria-label="More views">
      <div ref={list} role="tablist" aria-label="More views" className="deep-tabs" onKeyDown={onKey}>
        {DEEP_PANELS.map((p, i) => {
          const selected = t.active === p.id;
          return (
            <button
              key={p.id}
              id={`${id}-tab-${p.id}`}
              type="button"
              role="tab"
              aria-selected={selected}
              aria-controls={`${id}-panel-${p.id}`}
              aria-description={p.summary}
              title={p.summary}
              tabIndex={selected || (t.active === null && i === 0) ? 0 : -1}
              onClick={() => t.open(p.id)}
            >
              {p.title}
            </button>
          );
        })}
      </div>
      {t.active === null && <p className="note deep-hint">More views: pick a tab. Each keeps its state when you switch.</p>}
      {DEEP_PANELS.filter((p) => t.visited.includes(p.id)).map((p) => {
        const Panel = p.component;
        return (
          <div
            key={p.id}
            id={`${id}-panel-${p.id}`}
            role="tabpanel"
            aria-labelledby={`${id}-tab-${p.id}`}
            hidden={t.active !== p.id}
            data-view={p.id}
            className={`deep-panel${t.highlighted === p.id ? ' highlighted' : ''}`}
          >
            <Suspense fallback={<p className="note" aria-busy="true">Loading {p.title}…</p>}>
              <Panel />
            </Suspense>
          </div>
        );
      })}
    </section>
  );
}
