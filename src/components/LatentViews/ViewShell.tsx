import { createContext, useContext, useRef, type ReactNode } from 'react';
import { SavePngButton } from '../SavePng';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../../store/store';
import type { LatentViewKey } from '../../store/latentSlice';
import type { RefreshStats } from './useAdaptiveRefresh';

/**
 * What every latent view needs to know about the model: its latent size J (null before the
 * worker reports), whether it trains (views then refresh in a loop), its run, and the step
 * (only while paused: a Step then refreshes the views; while training the loop does).
 */
export function useModelInfo(): { J: number | null; live: boolean; run: number; pausedStep: number; ready: boolean } {
  return useAppStore(
    useShallow((s) => ({
      J: s.runState?.config.latentDim ?? null,
      live: s.runState?.running ?? false,
      run: s.runState?.run ?? 0,
      pausedStep: s.runState?.running ? -1 : (s.runState?.step ?? 0),
      ready: s.dataReady,
    })),
  );
}

/** Whether a view is open; closed views are not refreshed. */
export function useViewOpen(view: LatentViewKey): [boolean, (open: boolean) => void] {
  const open = useAppStore((s) => s.latentViewOpen[view]);
  const set = useAppStore((s) => s.setLatentViewOpen);
  return [open, (o: boolean) => set(view, o)];
}

/** "Refreshed in 35 ms (model at step 1,234); every 250 ms while training." */
export function refreshNote(stats: RefreshStats, step: number | null): string {
  if (stats.lastMs === null) return 'Waiting for the worker…';
  const at = step === null ? '' : ` (model at step ${step.toLocaleString('en-US')})`;
  const every = stats.intervalMs === null ? '' : `; next in ${Math.round(stats.intervalMs)} ms while training`;
  return `Drawn in ${Math.round(stats.lastMs)} ms of worker time${at}${every}.`;
}

/**
 * Where a latent view stands: on the first screen (the stage shows one at a time, always open,
 * its explanation under the picture) or in the Latent space tab (collapsible).
 */
export const ViewPlacement = createContext<'stage' | 'panel'>('panel');

const FILE_NAMES: Record<LatentViewKey, string> = { grid: 'manifold-grid', map: 'latent-map', prior: 'prior-samples', interpolation: 'interpolation' };

/** A collapsible latent view: title, one-sentence explanation, controls, picture, and its refresh note. */
export function ViewShell(props: {
  view: LatentViewKey;
  title: string;
  explanation: ReactNode;
  note: string;
  /** Spans the whole row of views. */
  wide?: boolean;
  children: ReactNode;
}) {
  const [open, setOpen] = useViewOpen(props.view);
  const self = useRef<HTMLDetailsElement>(null);
  const stageRef = useRef<HTMLElement>(null);
  const placement = useContext(ViewPlacement);
  if (placement === 'stage') {
    return (
      <section ref={stageRef} className="lv-view lv-stage" aria-label={props.title} data-view={props.view}>
        {props.children}
        <div className="lv-foot">
          <details className="lv-about">
            <summary>What this shows</summary>
            <p>{props.explanation}</p>
            <p aria-live="off">{props.note}</p>
          </details>
          <SavePngButton target={stageRef} what={props.title} fileName={FILE_NAMES[props.view]} />
        </div>
      </section>
    );
  }
  return (
    <details ref={self} className={`panel lv-view${props.wide ? ' lv-wide' : ''}`} open={open} onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
      <summary>
        <h3>{props.title}</h3>
      </summary>
      <p className="lv-explain">
        {props.explanation} {open && <SavePngButton target={self} what={props.title} fileName={FILE_NAMES[props.view]} />}
      </p>
      {open && props.children}
      {open && (
        <p className="note" aria-live="off">
          {props.note}
        </p>
      )}
    </details>
  );
}
