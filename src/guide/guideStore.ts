import { create } from 'zustand';

/**
 * Where the reader is on the guided path: whether the panel is open, the stop shown
 * (1-based), and the state of that stop's set-up. Plain data; the actions that move along
 * the path are in client/guideActions.ts.
 */
export type SetupStatus = 'idle' | 'applying' | 'ready' | 'failed';

export interface GuideState {
  open: boolean;
  stop: number;
  /** The set-up of `stop`: being applied, applied, or refused (the alert says why). */
  status: SetupStatus;
  setOpen: (open: boolean) => void;
  setStop: (stop: number) => void;
  setStatus: (status: SetupStatus) => void;
}

/** localStorage key of the stop the reader was at. */
export const STOP_STORAGE_KEY = 'vae-guide-stop';

export function rememberedStop(count: number): number {
  try {
    const k = Number(window.localStorage.getItem(STOP_STORAGE_KEY));
    return Number.isInteger(k) && k >= 1 && k <= count ? k : 1;
  } catch {
    return 1;
  }
}

export function rememberStop(stop: number): void {
  try {
    window.localStorage.setItem(STOP_STORAGE_KEY, String(stop));
  } catch {
    // Storage may be unavailable (private mode, a sandbox): the path still works, unremembered.
  }
}

export const createGuideStore = () =>
  create<GuideState>()((set) => ({
    open: false,
    stop: 1,
    status: 'idle',
    setOpen: (open) => set({ open }),
    setStop: (stop) => set({ stop }),
    setStatus: (status) => set({ status }),
  }));

export const useGuideStore = createGuideStore();
