import { lazy, Suspense, useEffect, useRef } from 'react';
import { closeGuide, nextStop, openGuide, previousStop, startGuideFromUrl } from '../../client/guideActions';
import { useGuideStore } from '../../guide/guideStore';
import { STOPS } from '../../guide/stops';
import '../../app/tokens.css';
import './guide.css';

const GuideBody = lazy(() => import('./GuideBody').then((m) => ({ default: m.GuideBody })));

const PANEL_ID = 'guide-panel';
/** A link to a stop is read once, when the panel first mounts. */
let urlRead = false;
const HEADING_ID = 'guide-stop-title';

/** Opens the guided path ("Learn"), where the reader left it. */
export function LearnButton() {
  const open = useGuideStore((g) => g.open);
  return (
    <button type="button" className="learn-button" aria-expanded={open} aria-controls={PANEL_ID} onClick={() => (open ? closeGuide() : openGuide())}>
      Learn
    </button>
  );
}

/**
 * The guided path through the paper: a side panel on a wide screen, a bottom sheet on a
 * phone. Back / Next move between stops (each applies its set-up), Escape or Close leaves the
 * path and the playground keeps what the stops set. While open, the page makes room for it
 * (html.guide-open), so it never covers a control.
 */
export function GuidePanel() {
  const open = useGuideStore((g) => g.open);
  const stop = useGuideStore((g) => g.stop);
  const panel = useRef<HTMLElement>(null);
  const wasOpen = useRef(false);

  useEffect(() => {
    if (urlRead) return;
    urlRead = true;
    startGuideFromUrl(window.location.search, window.location.hash);
  }, []);

  // A new stop: if focus was on a button that is now disabled (Next on the last stop), or
  // nowhere, it moves to the stop's title, so the keyboard never loses its place.
  useEffect(() => {
    const a = document.activeElement;
    if (!open || !(a === null || a === document.body || (a instanceof HTMLButtonElement && a.disabled))) return;
    requestAnimationFrame(() => document.getElementById(HEADING_ID)?.focus());
  }, [open, stop]);

  useEffect(() => {
    document.documentElement.classList.toggle('guide-open', open);
    if (open && !wasOpen.current) {
      // Opening: focus moves into the panel. Closing: back to the button that opened it.
      requestAnimationFrame(() => panel.current?.focus());
    } else if (!open && wasOpen.current) {
      document.querySelector<HTMLButtonElement>('.learn-button')?.focus();
    }
    wasOpen.current = open;
    return () => document.documentElement.classList.remove('guide-open');
  }, [open]);

  if (!open) return null;
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      closeGuide();
    }
  };
  return (
    <aside id={PANEL_ID} ref={panel} className="guide-panel" aria-label="Learn: a guided path through the paper" tabIndex={-1} onKeyDown={onKeyDown}>
      <header className="guide-head">
        <h2>Learn</h2>
        <p className="guide-progress" aria-live="polite">
          Stop {stop} of {STOPS.length}
        </p>
        <button type="button" className="guide-close" aria-label="Close the guided path" onClick={closeGuide}>
          ×
        </button>
      </header>
      <div className="guide-scroll">
        <Suspense fallback={<p aria-busy="true">Loading the text…</p>}>
          <GuideBody headingId={HEADING_ID} />
        </Suspense>
      </div>
      <nav className="guide-nav" aria-label="Guided path">
        <button type="button" onClick={() => void previousStop()} disabled={stop <= 1}>
          Back
        </button>
        <ol className="guide-dots" aria-hidden="true">
          {STOPS.map((s, i) => (
            <li key={s.id} className={i + 1 === stop ? 'current' : i + 1 < stop ? 'done' : ''} />
          ))}
        </ol>
        <button type="button" className="primary" onClick={() => void nextStop()} disabled={stop >= STOPS.length}>
          Next
        </button>
      </nav>
    </aside>
  );
}
