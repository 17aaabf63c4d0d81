import { useId, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { chooseDecoderWeights, setWeightPriorStd } from '../../client/bayesActions';
import { SETTINGS, type DecoderWeights } from '../../core/config';
import { useAppStore } from '../../store/store';

const LABELS = SETTINGS.decoderWeights.optionLabels;

/**
 * The decoder-weights choice (point estimate / variational q(θ)) and the prior std α. The choice
 * builds a new network: when the current model has been trained, the panel asks first.
 */
export function WeightChoice() {
  const m = useAppStore(
    useShallow((s) => ({
      inEffect: s.runState?.config.decoderWeights ?? null,
      step: s.runState?.step ?? 0,
      alpha: s.runState?.config.weightPriorStd ?? s.config.weightPriorStd,
      alphaError: s.fieldErrors.weightPriorStd ?? null,
    })),
  );
  const id = useId();
  const [asking, setAsking] = useState<DecoderWeights | null>(null);
  const [alphaText, setAlphaText] = useState<string | null>(null);
  const choose = (v: DecoderWeights) => {
    if (v === m.inEffect) return setAsking(null);
    if (m.step > 0) setAsking(v);
    else chooseDecoderWeights(v);
  };
  const applyAlpha = () => {
    if (alphaText === null) return;
    const t = alphaText.trim();
    if (setWeightPriorStd(t === '' ? Number.NaN : Number(t))) setAlphaText(null);
  };
  return (
    <div className="subpanel bayes-choice">
      <fieldset disabled={m.inEffect === null}>
        <legend>Decoder weights θ</legend>
        {(['point', 'variational'] as const).map((v) => (
          <label key={v} className="inline">
            <input type="radio" name={`${id}-dw`} value={v} checked={(asking ?? m.inEffect) === v} onChange={() => choose(v)} />
            {LABELS[v]}
          </label>
        ))}
      </fieldset>
      <p className="hint" role="status" aria-label="Decoder weights in effect">
        {m.inEffect === null ? 'No model yet.' : `In effect: ${LABELS[m.inEffect].toLowerCase()} decoder weights, step ${m.step.toLocaleString('en')}.`}
      </p>
      {asking && (
        <div role="alertdialog" aria-labelledby={`${id}-ask`} className="bayes-confirm">
          <p id={`${id}-ask`}>
            Switching to {LABELS[asking].toLowerCase()} decoder weights builds a new network and discards the trained model (step{' '}
            {m.step.toLocaleString('en')}). Its curves stay on the chart.
          </p>
          <button
            type="button"
            className="primary"
            onClick={() => {
              chooseDecoderWeights(asking);
              setAsking(null);
            }}
          >
            Build the new network
          </button>{' '}
          <button type="button" onClick={() => setAsking(null)}>
            Keep the current model
          </button>
        </div>
      )}
      <p>
        <label htmlFor={`${id}-alpha`}>Prior std α of p_α(θ) = N(0, α²)</label>{' '}
        <input
          id={`${id}-alpha`}
          type="text"
          inputMode="decimal"
          size={8}
          value={alphaText ?? String(m.alpha)}
          aria-invalid={m.alphaError !== null}
          aria-describedby={`${id}-alpha-msg`}
          onChange={(e) => setAlphaText(e.target.value)}
          onBlur={applyAlpha}
          onKeyDown={(e) => {
            if (e.key === 'Enter') applyAlpha();
          }}
        />{' '}
        <span id={`${id}-alpha-msg`} role={m.alphaError ? 'alert' : undefined} className={m.alphaError ? 'field-error' : 'hint'}>
          {m.alphaError ?? 'Applies at the next step (a variational decoder only).'}
        </span>
      </p>
    </div>
  );
}
