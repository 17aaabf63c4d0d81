/**
 * The offer that follows a refused load (a run trained on another data set than the one
 * loaded): switch to the run's own data set, then load the run again. The switch and the retry
 * are kept here; the store holds only what the page shows (store/datasetOfferStore.ts).
 */
import type { Config } from '../core/config';
import { useDatasetOfferStore, type DatasetOffer } from '../store/datasetOfferStore';
import { actionStore } from './actions';
import { switchDataset } from './datasetActions';
import type { DatasetSwitch } from './runDatasetCheck';

const BUILTIN = { mnist: 'MNIST', fashion: 'Fashion-MNIST' } as const;

let pending: { to: DatasetSwitch; config: Config; retry: () => Promise<unknown> } | null = null;

/** The offer's button: 'Switch to "shapes" and load the run'. */
export function switchLabel(to: DatasetSwitch): string {
  return `Switch to ${to.kind === 'builtin' ? `the built-in ${BUILTIN[to.name]}` : `"${to.name}"`} and load the run`;
}

/** Offers the switch where the load started; `retry` loads the run again once switched. */
export function offerDatasetSwitch(source: DatasetOffer['source'], text: string, to: DatasetSwitch, config: Config, retry: () => Promise<unknown>): void {
  pending = { to, config, retry };
  useDatasetOfferStore.setState({ offer: { source, text, label: switchLabel(to) } });
}

export function dismissDatasetSwitch(): void {
  pending = null;
  useDatasetOfferStore.setState({ offer: null });
}

/** Switches to the run's data set, then loads the run again (which checks everything anew). */
export async function acceptDatasetSwitch(): Promise<void> {
  const p = pending;
  if (!p || useDatasetOfferStore.getState().busy) return;
  useDatasetOfferStore.setState({ busy: true });
  try {
    await switchDataset(p.to, p.config);
    dismissDatasetSwitch();
    await p.retry();
  } catch (e) {
    actionStore().getState().pushError(`Could not switch the data set: ${(e as Error).message}. The run was not loaded.`);
  } finally {
    useDatasetOfferStore.setState({ busy: false });
  }
}
