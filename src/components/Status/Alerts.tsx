import { useAppStore } from '../../store/store';
import { AutosaveOffer } from './AutosaveOffer';

/** Errors (role="alert") and notices (role="status"), each dismissible. */
export function Alerts() {
  const errors = useAppStore((s) => s.errors);
  const notices = useAppStore((s) => s.notices);
  const dismiss = useAppStore((s) => s.dismissError);
  return (
    <div className="alerts">
      <AutosaveOffer />
      {errors.map((m, i) => (
        <div key={`e${i}`} role="alert" className="alert error">
          <span>{m}</span>
          <button type="button" onClick={() => dismiss(i)} aria-label="Dismiss message">
            ×
          </button>
        </div>
      ))}
      {notices.map((m, i) => (
        <p key={`n${i}`} role="status" className="alert notice">
          {m}
        </p>
      ))}
    </div>
  );
}
