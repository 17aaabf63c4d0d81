import { useCallback, useEffect, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { repeat } from '../../client/scheduler';
import { useAppStore } from '../../store/store';

/** While training runs, an open view asks for a fresh picture this often (ms). */
export const BAYES_REFRESH_MS = 3000;

/**
 * Calls `load` when the panel opens, when the run changes (a new model) and, while training
 * runs, every BAYES_REFRESH_MS, never with a request already in flight. Returns whether the
 * model in effect has a variational decoder, and a function to refresh now.
 */
export function useModelRefresh(load: () => Promise<void>, deps: unknown[]): { variational: boolean; refresh: () => void; busy: boolean } {
  const m = useAppStore(
    useShallow((s) => ({
      run: s.runState?.run ?? null,
      running: s.runState?.running ?? false,
      variational: s.runState?.config.decoderWeights === 'variational',
    })),
  );
  const inFlight = useRef(false);
  const [busy, setBusy] = useState(false);
  const loadRef = useRef(load);
  useEffect(() => {
    loadRef.current = load;
  });
  const refresh = useCallback(() => {
    if (inFlight.current) return;
    inFlight.current = true;
    setBusy(true);
    void loadRef.current().finally(() => {
      inFlight.current = false;
      setBusy(false);
    });
  }, []);
  useEffect(() => {
    if (m.run !== null && m.variational) refresh();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [m.run, m.variational, refresh, ...deps]);
  useEffect(() => {
    if (!m.running || !m.variational) return;
    return repeat(BAYES_REFRESH_MS, refresh);
  }, [m.running, m.variational, refresh]);
  return { variational: m.variational, refresh, busy };
}
