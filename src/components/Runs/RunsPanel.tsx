import { AutosaveSetting } from '../Status/AutosaveOffer';
import { DatasetSwitchOffer } from './DatasetSwitchOffer';
import { useEffect, useId, useRef, useState } from 'react';
import {
  defaultRunName,
  deleteSavedRun,
  downloadMetricsCsv,
  downloadRun,
  exportLayersModel,
  loadSavedRun,
  refreshSavedRuns,
  renameSavedRun,
  saveRunToBrowser,
  uploadRunFile,
} from '../../client/runActions';
import type { SavedRunMeta } from '../../client/runStore';
import { RUN_FILE_EXTENSION } from '../../core/runFile';
import { useAppStore } from '../../store/store';
import { fmt } from '../format';

function SavedRunRow({ run, disabled }: { run: SavedRunMeta; disabled: boolean }) {
  const [editing, setEditing] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [name, setName] = useState(run.name);
  const inputId = useId();
  const when = new Date(run.savedAt);
  return (
    <li className="saved-run" aria-label={`Saved run ${run.name}`}>
      {editing ? (
        <form
          className="rename"
          onSubmit={(e) => {
            e.preventDefault();
            void renameSavedRun(run.id, name).then(() => setEditing(false));
          }}
        >
          <label htmlFor={inputId}>New name for {run.name}</label>
          <input id={inputId} value={name} maxLength={200} onChange={(e) => setName(e.target.value)} autoFocus />
          <button type="submit">Save name</button>
          <button type="button" onClick={() => (setName(run.name), setEditing(false))}>
            Cancel
          </button>
        </form>
      ) : (
        <span className="saved-run-name">{run.name}</span>
      )}
      <span className="saved-run-meta">
        {run.summary}; step {run.step.toLocaleString()}
        {run.testElbo !== null ? `; test ELBO ${fmt(run.testElbo)}` : ''}; {(run.bytes / 1e6).toFixed(1)} MB; saved{' '}
        <time dateTime={run.savedAt}>{Number.isNaN(when.getTime()) ? run.savedAt : when.toLocaleString()}</time>
      </span>
      <span className="saved-run-actions">
        <button type="button" disabled={disabled} onClick={() => void loadSavedRun(run.id, run.name)} aria-label={`Load ${run.name}`}>
          Load
        </button>
        <button type="button" disabled={disabled || editing} onClick={() => setEditing(true)} aria-label={`Rename ${run.name}`}>
          Rename
        </button>
        {confirmDelete ? (
          <>
            <button type="button" className="danger" disabled={disabled} onClick={() => void deleteSavedRun(run.id, run.name)} aria-label={`Really delete ${run.name}`}>
              Really delete
            </button>
            <button type="button" onClick={() => setConfirmDelete(false)}>
              Keep
            </button>
          </>
        ) : (
          <button type="button" disabled={disabled} onClick={() => setConfirmDelete(true)} aria-label={`Delete ${run.name}`}>
            Delete
          </button>
        )}
      </span>
    </li>
  );
}

/**
 * Runs that last: save the current run in the browser or as a file, list, load, rename and
 * delete saved runs, load a run file, export the model for TensorFlow.js / Keras and the
 * metrics as CSV.
 */
export function RunsPanel() {
  const ready = useAppStore((s) => s.dataReady && s.runState !== null);
  const saved = useAppStore((s) => s.savedRuns);
  const problem = useAppStore((s) => s.storageProblem);
  const busy = useAppStore((s) => s.runIoBusy);
  const message = useAppStore((s) => s.runIoMessage);
  const [name, setName] = useState('');
  const fileRef = useRef<HTMLInputElement>(null);
  const id = useId();
  useEffect(() => {
    void refreshSavedRuns();
  }, []);
  const disabled = !ready || busy !== null;
  return (
    <section className="panel runs" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Saved runs and exports</h2>
      <div className="runs-save">
        <label htmlFor={`${id}-name`}>Run name</label>
        <input id={`${id}-name`} value={name} maxLength={200} placeholder={ready ? defaultRunName() : ''} onChange={(e) => setName(e.target.value)} />
        <button type="button" className="primary" disabled={disabled} onClick={() => void saveRunToBrowser(name)}>
          Save in browser
        </button>
        <button type="button" disabled={disabled} onClick={() => void downloadRun(name)}>
          Download run file
        </button>
        <label className="file-button">
          <span>Load run file…</span>
          <input
            ref={fileRef}
            type="file"
            accept={`${RUN_FILE_EXTENSION},application/octet-stream`}
            disabled={disabled}
            aria-label="Load run file"
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (f) void uploadRunFile(f);
              if (fileRef.current) fileRef.current.value = '';
            }}
          />
        </label>
      </div>
      <div className="runs-export" role="group" aria-label="Exports">
        <button type="button" disabled={disabled} onClick={() => void exportLayersModel()}>
          Export model (TensorFlow.js)
        </button>
        <button type="button" disabled={!ready} onClick={downloadMetricsCsv}>
          Download metrics (CSV)
        </button>
      </div>
      <p className={`runs-status ${message?.kind ?? ''}`} role="status" aria-live="polite">
        {busy ?? message?.text ?? ''}
      </p>
      <DatasetSwitchOffer source="runs" />
      <AutosaveSetting />
      <h3 className="saved-h">Saved in this browser</h3>
      {problem && (
        <p className="runs-problem" role="alert">
          {problem}
        </p>
      )}
      {saved === null ? (
        <p className="note">Reading saved runs…</p>
      ) : saved.length === 0 ? (
        <p className="note">No saved runs yet. A saved run keeps its weights, optimizer state, settings and curves, and survives a reload.</p>
      ) : (
        <ul className="saved-runs" aria-label="Saved runs">
          {saved.map((r) => (
            <SavedRunRow key={`${r.id}:${r.name}`} run={r} disabled={disabled} />
          ))}
        </ul>
      )}
      <p className="note">
        The model export is two TensorFlow.js LayersModels: <code>encoder.json</code> maps 784 pixels to [μ, log σ²], and{' '}
        <code>decoder.json</code> maps z to the decoder&apos;s logits (apply a sigmoid). Each comes with its weights file.
      </p>
    </section>
  );
}
