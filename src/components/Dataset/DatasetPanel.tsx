import { useCallback, useEffect, useId, useState } from 'react';
import { backToBuiltinData, configFor, deleteDataset, keepAndTrainImported, listDatasets, trainOnDataset } from '../../client/datasetActions';
import type { SavedDatasetMeta } from '../../client/datasetStore';
import { cancelImport, ImportCancelled, loadImport, reprocessImport } from '../../client/importActions';
import type { DroppedFile } from './droppedFiles';
import type { DecoderFamily } from '../../core/config';
import type { ImportOptions, ImportProgress, ImportSummary } from '../../protocol/import';
import { useAppStore } from '../../store/store';
import { DropZone } from './DropZone';
import { ImportFacts } from './ImportFacts';
import { PreviewGrid } from './PreviewGrid';
import { SavedDatasets } from './SavedDatasets';
import './dataset.css';

const BUILTIN_NAMES = { mnist: 'MNIST', fashion: 'Fashion-MNIST' } as const;

/** "Your data": bring images, see what the model will be given, keep them, train on them. */
export function DatasetPanel() {
  const config = useAppStore((s) => s.config);
  const user = useAppStore((s) => s.userDataset);
  const builtin = useAppStore((s) => s.datasetName);
  const [saved, setSaved] = useState<SavedDatasetMeta[]>([]);
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [summary, setSummary] = useState<ImportSummary | null>(null);
  const [decoder, setDecoder] = useState<DecoderFamily>('bernoulli');
  const [latent, setLatent] = useState(2);
  /** The preprocessing chosen (shown at once; the preview follows when the worker has redone it). */
  const [opts, setOpts] = useState({ invert: false, centre: false });
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const decoderId = useId();
  const latentId = useId();

  const refresh = useCallback(() => {
    listDatasets().then(setSaved, (e: Error) => setError(e.message));
  }, []);
  useEffect(refresh, [refresh]);

  const show = (s: ImportSummary, proposeSettings: boolean) => {
    setSummary(s);
    setOpts({ invert: s.invert, centre: s.centre });
    if (proposeSettings) {
      setDecoder(s.decoder);
      setLatent(s.latent);
    }
  };

  const onFiles = (files: DroppedFile[]) => {
    setError(null);
    setNotice(null);
    setProgress({ phase: 'reading', done: 0, total: files.length });
    // A new import starts from the proposals; the data set in use and the one shown stay until it succeeds.
    loadImport(files, { invert: null, centre: false }, setProgress)
      .then((s) => show(s, true))
      .catch((e: Error) => setError(e instanceof ImportCancelled ? e.message : `Nothing imported: ${e.message}`))
      .finally(() => setProgress(null));
  };

  const reprocess = (next: ImportOptions & { invert: boolean }) => {
    setOpts(next);
    setBusy(true);
    reprocessImport(next)
      .then((s) => show(s, false))
      .catch((e: Error) => {
        setError(e.message);
        if (summary) setOpts({ invert: summary.invert, centre: summary.centre });
      })
      .finally(() => setBusy(false));
  };

  const train = async (run: () => Promise<string>) => {
    setBusy(true);
    setError(null);
    try {
      setNotice(await run());
    } catch (e) {
      setError(`Training did not switch: ${(e as Error).message}. The data set and run in use stay.`);
    } finally {
      setBusy(false);
      refresh();
    }
  };

  const trainImported = () =>
    train(async () => {
      const { saveProblem } = await keepAndTrainImported(configFor(config, { decoder, latentDim: latent }));
      return `Training on ${summary?.name}.` + (saveProblem ? ` It is not kept for your next visit: ${saveProblem}` : ' It is kept in this browser for your next visit.');
    });

  const loading = progress !== null;
  return (
    <section className="dataset-panel" aria-label="Your data">
      <p className="dataset-private">
        Nothing leaves your machine: your files are read and kept in this browser only (its IndexedDB storage), and a shared link names only
        the built-in data sets.
      </p>
      <p>
        Training on:{' '}
        <strong>{user ? `your data set "${user.name}" (${user.n.toLocaleString('en-US')} images, hash ${user.hash})` : BUILTIN_NAMES[builtin]}</strong>
        {user ? (
          <>
            {' '}
            <button type="button" disabled={busy} onClick={() => void train(async () => (await backToBuiltinData(), `Training on ${BUILTIN_NAMES[builtin]} again.`))}>
              Back to {BUILTIN_NAMES[builtin]}
            </button>
          </>
        ) : null}
      </p>
      {user ? (
        <p className="note" role="note" aria-label="Shared links">
          A link to this page (the address bar) names {BUILTIN_NAMES[builtin]}, not your data set: whoever opens it trains on{' '}
          {BUILTIN_NAMES[builtin]} with your settings.
        </p>
      ) : null}
      <DropZone disabled={loading || busy} onFiles={onFiles} />
      {loading ? (
        <div className="dataset-progress">
          <progress max={Math.max(1, progress.total)} value={progress.done} aria-label={`${progress.phase === 'reading' ? 'Reading' : 'Preprocessing'} images`} />{' '}
          {progress.phase === 'reading' ? 'Reading' : 'Preprocessing'} {progress.done.toLocaleString('en-US')} of {progress.total.toLocaleString('en-US')}{' '}
          <button type="button" onClick={cancelImport}>
            Cancel
          </button>
        </div>
      ) : null}
      <div role="alert" className="dataset-error">
        {error}
      </div>
      <div role="status" className="dataset-notice">
        {notice}
      </div>
      {summary ? (
        <div className="dataset-import" aria-label={`Imported: ${summary.name}`}>
          <h3>{summary.name}: what the model will be given</h3>
          <PreviewGrid
            images={summary.preview}
            count={summary.previewCount}
            label={`The first ${summary.previewCount} of ${summary.n} images of ${summary.name} after preprocessing to 28×28, ink white on black`}
          />
          <ImportFacts s={summary} />
          <fieldset className="dataset-options" disabled={busy}>
            <legend>Preprocessing</legend>
            <label>
              <input type="checkbox" checked={opts.invert} onChange={(e) => reprocess({ ...opts, invert: e.target.checked })} /> Invert
              (light background to black){summary.proposedInvert ? ', proposed' : ''}
            </label>
            <label>
              <input type="checkbox" checked={opts.centre} onChange={(e) => reprocess({ ...opts, centre: e.target.checked })} /> Centre
              by mass, as MNIST (ink scaled into 20×20, centre of mass at the middle of 28×28)
            </label>
          </fieldset>
          <fieldset className="dataset-options" disabled={busy}>
            <legend>Settings to train with</legend>
            <label htmlFor={decoderId}>Decoder</label>{' '}
            <select id={decoderId} value={decoder} onChange={(e) => setDecoder(e.target.value as DecoderFamily)}>
              <option value="bernoulli">Bernoulli{summary.decoder === 'bernoulli' ? ' (proposed)' : ''}</option>
              <option value="gaussian">Gaussian{summary.decoder === 'gaussian' ? ' (proposed)' : ''}</option>
            </select>{' '}
            <label htmlFor={latentId}>Latent size J (proposed {summary.latent})</label>{' '}
            <input id={latentId} type="number" min={1} max={200} value={latent} onChange={(e) => setLatent(Math.round(Number(e.target.value)))} />
          </fieldset>
          <button type="button" className="primary" disabled={busy || loading} onClick={() => void trainImported()}>
            Train on this data set
          </button>
        </div>
      ) : null}
      <h3>Kept in this browser</h3>
      <SavedDatasets
        sets={saved}
        activeHash={user?.hash ?? null}
        busy={busy || loading}
        onTrain={(m) => void train(async () => (await trainOnDataset(m.hash, config), `Training on ${m.name}.`))}
        onDelete={(m) =>
          void deleteDataset(m.hash).then(
            () => (setNotice(`Deleted ${m.name} from this browser.`), refresh()),
            (e: Error) => setError(e.message),
          )
        }
      />
    </section>
  );
}
