import 'katex/dist/katex.min.css';
import { useShallow } from 'zustand/react/shallow';
import { applyAndShow, goToStop } from '../../client/guideActions';
import { liveValues } from '../../guide/liveValues';
import { useGuideStore } from '../../guide/guideStore';
import { STOPS } from '../../guide/stops';
import { STOP_TEXTS } from '../../guide/stopTexts';
import { viewName } from '../../app/views';
import { useAppStore } from '../../store/store';
import { GuideText } from './GuideText';

const STATUS_TEXT = { idle: '', applying: 'Setting up…', ready: 'Set up.', failed: 'The set-up did not complete (see the message above).' } as const;

/** The text of the stop shown, its Show me button and (last stop) its experiments. A lazy chunk: KaTeX loads with it. */
export function GuideBody({ headingId }: { headingId: string }) {
  const { stop: k, status } = useGuideStore(useShallow((g) => ({ stop: g.stop, status: g.status })));
  const live = useAppStore(useShallow(liveValues));
  const stop = STOPS[k - 1]!;
  const text = STOP_TEXTS[stop.id]!;
  return (
    <article className="guide-stop" aria-labelledby={headingId} data-stop={stop.id}>
      <h3 id={headingId} tabIndex={-1}>
        {text.title}
      </h3>
      <GuideText blocks={text.blocks} live={live} />
      {stop.experiments ? (
        <ul className="guide-experiments" aria-label="Experiments">
          {stop.experiments.map((x) => (
            <li key={x.label}>
              <button type="button" onClick={() => void applyAndShow(x.setup, stop.target)}>
                {x.label}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="guide-show">
        <button type="button" className="primary" onClick={() => void goToStop(k)}>
          Show me
        </button>
        <span className="guide-target">{viewName(stop.target) ?? stop.target}</span>
        <span role="status" className="guide-status" data-status={status}>
          {STATUS_TEXT[status]}
        </span>
      </div>
    </article>
  );
}
