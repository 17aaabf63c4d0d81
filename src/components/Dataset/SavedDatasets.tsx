import { useState } from 'react';
import type { SavedDatasetMeta } from '../../client/datasetStore';

const mb = (b: number) => `${(b / 1e6).toFixed(b < 1e6 ? 2 : 1)} MB`;

/** The data sets kept in this browser, each with Train and Delete. */
export function SavedDatasets({
  sets,
  activeHash,
  busy,
  onTrain,
  onDelete,
}: {
  sets: SavedDatasetMeta[];
  activeHash: string | null;
  busy: boolean;
  onTrain: (m: SavedDatasetMeta) => void;
  onDelete: (m: SavedDatasetMeta) => void;
}) {
  const [confirm, setConfirm] = useState<string | null>(null);
  if (sets.length === 0) return <p className="muted">No data sets kept in this browser yet.</p>;
  return (
    <ul className="dataset-saved" aria-label="Data sets kept in this browser">
      {sets.map((m) => (
        <li key={m.hash} aria-label={`Data set ${m.name}`}>
          <span className="saved-run-name">{m.name}</span>
          <span className="saved-run-meta">
            {m.n.toLocaleString('en-US')} images{m.classNames.length ? `, ${m.classNames.length} labels` : ''}; {mb(m.bytes)}; hash <code>{m.hash}</code>
            {m.hash === activeHash ? '; training on it now' : ''}
          </span>
          <span className="saved-run-actions">
            <button type="button" disabled={busy} onClick={() => onTrain(m)} aria-label={`Train on ${m.name}`}>
              Train on this data set
            </button>
            {confirm === m.hash ? (
              <>
                <button type="button" className="danger" disabled={busy} onClick={() => (setConfirm(null), onDelete(m))} aria-label={`Really delete ${m.name}`}>
                  Really delete
                </button>
                <button type="button" onClick={() => setConfirm(null)}>
                  Keep
                </button>
              </>
            ) : (
              <button type="button" disabled={busy} onClick={() => setConfirm(m.hash)} aria-label={`Delete ${m.name}`}>
                Delete
              </button>
            )}
          </span>
        </li>
      ))}
    </ul>
  );
}
