import { useAppStore } from '../../store/store';
import { describeThreads } from './threadsText';

/** Which tfjs backend trains the model, and why it was chosen; on wasm, its threads and why. */
export function BackendInfo() {
  const b = useAppStore((s) => s.backend);
  if (!b) return null;
  return (
    <p className="backend-info" aria-label="Backend choice">
      Running on <strong>{b.name}</strong>
      {b.adapter ? ` (${b.adapter})` : ''}: {b.reason}. Chosen in {Math.round(b.choiceMs)} ms.
      {b.threads ? (
        <>
          {' '}
          <span data-testid="wasm-threads">Threads: {describeThreads(b.threads)}.</span>
        </>
      ) : null}
    </p>
  );
}

/** A quiet status line (the app became usable offline): news, but not an alert. */
export function StatusNote() {
  const note = useAppStore((s) => s.statusNote);
  return note ? (
    <p className="status-note" role="status" aria-label="Offline use">
      {note}
    </p>
  ) : null;
}
