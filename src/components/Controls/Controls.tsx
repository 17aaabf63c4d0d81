import { SETTINGS, type SettingKey } from '../../core/config';
import { PRESETS } from '../../core/presets';
import { applyConfig, cancelRebuild, confirmRebuild, pause, reset, setStepInterval, step, train } from '../../client/actions';
import { useAppStore } from '../../store/store';
import { SettingField } from './SettingField';

const TRAINING_KEYS = (Object.keys(SETTINGS) as SettingKey[]).filter((k) => SETTINGS[k].effect === 'live');
const MODEL_KEYS = (Object.keys(SETTINGS) as SettingKey[]).filter((k) => SETTINGS[k].effect === 'rebuild');

/** Speeds for teaching: full speed, or slow motion with each step shown as it ends. */
export const SPEEDS: { ms: number; label: string }[] = [
  { ms: 0, label: 'Full speed' },
  { ms: 100, label: '10 steps per second' },
  { ms: 500, label: '2 steps per second' },
  { ms: 1000, label: '1 step per second' },
  { ms: 3000, label: '1 step every 3 seconds' },
];

/** Train / Pause, Step, Reset, and the speed. */
export function RunButtons() {
  const running = useAppStore((s) => s.runState?.running ?? false);
  const ready = useAppStore((s) => s.dataReady);
  const interval = useAppStore((s) => s.runState?.stepIntervalMs ?? 0);
  return (
    <div className="run-buttons" role="group" aria-label="Training">
      <button type="button" className="primary" disabled={!ready} onClick={running ? pause : train}>
        {running ? 'Pause' : 'Train'}
      </button>
      <button type="button" disabled={!ready || running} onClick={step}>
        Step
      </button>
      <button type="button" disabled={!ready} onClick={reset}>
        Reset
      </button>
      <label className="speed">
        Speed{' '}
        <select value={interval} disabled={!ready} onChange={(e) => setStepInterval(Number(e.target.value))}>
          {SPEEDS.map((s) => (
            <option key={s.ms} value={s.ms}>
              {s.label}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

/** A change of network shape waits here for confirmation (shown where the change was made). */
export function RebuildBar() {
  const pending = useAppStore((s) => s.pendingRebuild);
  if (pending.length === 0) return null;
  return (
    <div className="rebuild-bar" role="group" aria-label="Network change">
      <p>
        {pending.map((k) => SETTINGS[k].label).join(', ')} changed: this needs a new network. The current run&apos;s curves
        stay on the chart, dimmed.
      </p>
      <button type="button" className="primary" onClick={confirmRebuild}>
        Build new network
      </button>
      <button type="button" onClick={cancelRebuild}>
        Keep current network
      </button>
    </div>
  );
}

/** Every setting of the table, with presets: the Settings tab. */
export function Controls() {
  return (
    <section className="panel controls" aria-labelledby="controls-h">
      <h2 id="controls-h">All settings</h2>
      <div className="settings-columns">
      <fieldset className="presets-list" aria-label="Presets">
        <legend>Presets</legend>
        <ul>
          {PRESETS.map((p) => (
            <li key={p.name}>
              <button type="button" onClick={() => applyConfig(p.config)}>
                {p.name}
              </button>{' '}
              <small>{p.description}</small>
            </li>
          ))}
        </ul>
      </fieldset>
      <fieldset>
        <legend>Training (applies at the next step)</legend>
        {TRAINING_KEYS.map((k) => (
          <SettingField key={k} k={k} />
        ))}
      </fieldset>
      <fieldset>
        <legend>Network (builds a new model)</legend>
        {MODEL_KEYS.map((k) => (
          <SettingField key={k} k={k} />
        ))}
      </fieldset>
      </div>
      <RebuildBar />
    </section>
  );
}
