import { useId } from 'react';
import { dismissAutosave, offerText, restoreAutosave, setAutosaveEnabled } from '../../client/autosave';
import { useAutosaveStore } from '../../store/autosaveStore';
import { DatasetSwitchOffer } from '../Runs/DatasetSwitchOffer';

/** The offer to restore an autosave from an earlier visit: a notice with Restore and Dismiss. */
export function AutosaveOffer() {
  const offer = useAutosaveStore((s) => s.offer);
  const restoring = useAutosaveStore((s) => s.restoring);
  if (!offer) return null;
  return (
    <div role="status" className="alert notice autosave-offer" aria-label="Autosaved run">
      <span>
        {offerText(offer)}? It was saved automatically ({offer.summary}, {(offer.bytes / 1e6).toFixed(1)} MB). Autosave waits until you choose.
      </span>{' '}
      <button type="button" className="primary" disabled={restoring} onClick={() => void restoreAutosave()}>
        {restoring ? 'Restoring…' : 'Restore'}
      </button>{' '}
      <button type="button" disabled={restoring} onClick={dismissAutosave}>
        Dismiss
      </button>
      <DatasetSwitchOffer source="autosave" />
    </div>
  );
}

/** The autosave setting, with what the last save stored and cost, or why it is not saving. */
export function AutosaveSetting() {
  const id = useId();
  const enabled = useAutosaveStore((s) => s.enabled);
  const last = useAutosaveStore((s) => s.last);
  const problem = useAutosaveStore((s) => s.problem);
  return (
    <p className="autosave-setting">
      <input id={id} type="checkbox" checked={enabled} onChange={(e) => setAutosaveEnabled(e.target.checked)} />{' '}
      <label htmlFor={id}>Autosave the current run in this browser every few seconds of training</label>
      {enabled && last && !problem && (
        <span className="note" aria-live="off">
          {' '}
          (last: step {last.step.toLocaleString('en-US')}, {(last.bytes / 1e6).toFixed(1)} MB, {last.ms.toFixed(0)} ms)
        </span>
      )}
      {problem && (
        <span className="runs-problem" role="alert">
          {' '}
          {problem}
        </span>
      )}
    </p>
  );
}
