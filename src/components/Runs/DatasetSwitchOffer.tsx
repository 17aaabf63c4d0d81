import { acceptDatasetSwitch, dismissDatasetSwitch } from '../../client/datasetSwitch';
import { useDatasetOfferStore, type DatasetOffer } from '../../store/datasetOfferStore';

/**
 * After a run was refused for being trained on another data set: the reason (naming both
 * sets) and a button that switches to the run's own set and loads the run, shown where the
 * load started.
 */
export function DatasetSwitchOffer({ source }: { source: DatasetOffer['source'] }) {
  const offer = useDatasetOfferStore((s) => s.offer);
  const busy = useDatasetOfferStore((s) => s.busy);
  if (!offer || offer.source !== source) return null;
  return (
    <div className="dataset-switch-offer" role="group" aria-label="Switch data set to load the run">
      <button type="button" className="primary" disabled={busy} onClick={() => void acceptDatasetSwitch()}>
        {busy ? 'Switching…' : offer.label}
      </button>{' '}
      <button type="button" disabled={busy} onClick={dismissDatasetSwitch}>
        Keep the current data set
      </button>
    </div>
  );
}
