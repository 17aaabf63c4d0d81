import { useId } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { SettingKey } from '../../core/config';
import { PRESETS } from '../../core/presets';
import { applyConfig } from '../../client/actions';
import { loadPretrained } from '../../client/drawActions';
import { useAppStore } from '../../store/store';
import { RebuildBar, RunButtons } from './Controls';
import { SettingField } from './SettingField';

/** The settings that matter most, in the toolbar; the rest are in the Settings tab. */
export const QUICK_SETTINGS: SettingKey[] = ['learningRate', 'beta', 'batchSize', 'latentDim', 'estimator'];

/** The preset whose settings the controls show, if any. */
function usePresetShown(): string {
  return useAppStore((s) => PRESETS.find((p) => JSON.stringify(p.config) === JSON.stringify(s.config))?.name ?? '');
}

/** Presets as a list with the chosen one's description in view (not only on hover). */
function PresetPicker() {
  const id = useId();
  const shown = usePresetShown();
  const preset = PRESETS.find((p) => p.name === shown);
  return (
    <div className="preset-picker">
      <span className="preset-choose">
      <label htmlFor={id}>Preset</label>
      <select
        id={id}
        value={shown}
        aria-describedby={`${id}-d`}
        onChange={(e) => {
          const p = PRESETS.find((q) => q.name === e.target.value);
          if (p) applyConfig(p.config);
        }}
      >
        <option value="" disabled>
          (your own settings)
        </option>
        {PRESETS.map((p) => (
          <option key={p.name} value={p.name}>
            {p.name}
          </option>
        ))}
      </select>
      </span>
      <small id={`${id}-d`} className="preset-desc">
        {preset ? preset.description : 'Settings of your own: a preset sets them all at once.'}
      </small>
    </div>
  );
}

/**
 * Where the model comes from: trained here from fresh weights (the first visit), or a model
 * trained ahead of time ("skip ahead"), whose recorded curve the chart shows as history.
 */
function ModelSource() {
  const m = useAppStore(
    useShallow((s) => ({
      ready: s.dataReady && s.runState !== null,
      origin: s.runState?.origin ?? null,
      loading: s.pretrainedLoading,
    })),
  );
  return (
    <div className="model-source" role="group" aria-label="Skip ahead">
      <span className="model-origin" role="status" aria-label="Model origin">
        {m.origin ? `Model: ${m.origin}` : 'Model: trained here, from fresh weights'}
      </span>
      <span className="skip-label">Skip ahead:</span>
      <button type="button" disabled={!m.ready || m.loading !== null} onClick={() => void loadPretrained('mnist-j2')}>
        {m.loading === 'mnist-j2' ? 'Loading…' : 'Load pretrained 2-D model'}
      </button>
      <button type="button" disabled={!m.ready || m.loading !== null} onClick={() => void loadPretrained('mnist-j20')}>
        {m.loading === 'mnist-j20' ? 'Loading…' : 'Load pretrained J = 20 model'}
      </button>
    </div>
  );
}

/**
 * The bar across the top of the playground: run controls, the five settings that matter most,
 * presets and where the model comes from. A change that needs a new network asks right here.
 */
export function Toolbar() {
  // The Settings tab has its own bar beside the fields; one question at a time.
  const settingsOpen = useAppStore((s) => s.activeTab === 'settings');
  return (
    <section className="toolbar panel" aria-label="Training controls" data-view="controls">
      <RunButtons />
      <div className="quick-settings" role="group" aria-label="Main settings">
        {QUICK_SETTINGS.map((k) => (
          <SettingField key={k} k={k} compact />
        ))}
      </div>
      <PresetPicker />
      <ModelSource />
      {!settingsOpen && <RebuildBar />}
    </section>
  );
}
