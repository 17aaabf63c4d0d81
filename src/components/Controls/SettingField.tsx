import { useEffect, useId, useRef, useState } from 'react';
import { SETTINGS, type Setting, type SettingKey } from '../../core/config';
import { changeSetting } from '../../client/actions';
import { useAppStore } from '../../store/store';
import { fmtSetting } from '../format';

/** Typing settles into a value after this pause (or on Enter / leaving the field). */
const COMMIT_AFTER_MS = 600;

function parse(setting: Setting, raw: string): unknown {
  if (setting.kind === 'number') return raw.trim() === '' ? Number.NaN : Number(raw);
  if (setting.kind === 'intlist') {
    return raw
      .split(/[,\s]+/)
      .filter((t) => t !== '')
      .map((t) => Number(t));
  }
  return raw;
}

/**
 * One control generated from the settings table: a select for choices, a text/number field
 * otherwise. Compact (the toolbar): the label above a narrow field, the description kept for
 * screen readers and as the field's tooltip.
 */
export function SettingField({ k, compact = false }: { k: SettingKey; compact?: boolean }) {
  const setting = SETTINGS[k] as Setting;
  const value = useAppStore((s) => s.config[k]);
  const error = useAppStore((s) => s.fieldErrors[k]);
  const pending = useAppStore((s) => s.pendingRebuild.includes(k));
  const id = useId();
  const [raw, setRaw] = useState(fmtSetting(value));
  const [shown, setShown] = useState(value);
  const timer = useRef<number | undefined>(undefined);

  // Follow the store when it changes from elsewhere (preset, rebuild cancelled): adjusting
  // state during render, as React recommends, rather than in an effect.
  if (shown !== value) {
    setShown(value);
    setRaw(fmtSetting(value));
  }
  useEffect(() => () => window.clearTimeout(timer.current), []);

  const commit = (text: string) => {
    window.clearTimeout(timer.current);
    changeSetting(k, parse(setting, text));
  };

  const describedBy = `${id}-desc${error ? ` ${id}-err` : ''}`;
  const common = {
    id,
    'aria-describedby': describedBy,
    'aria-invalid': error ? true : undefined,
  } as const;

  let input;
  if (setting.kind === 'enum') {
    input = (
      <select {...common} value={String(value)} onChange={(e) => commit(e.target.value)}>
        {setting.options.map((o) => (
          <option key={o} value={o}>
            {(setting.optionLabels as Record<string, string> | undefined)?.[o] ?? o}
          </option>
        ))}
      </select>
    );
  } else {
    input = (
      <input
        {...common}
        type={setting.kind === 'number' ? 'number' : 'text'}
        inputMode={setting.kind === 'number' ? 'decimal' : 'text'}
        min={setting.kind === 'number' ? setting.min : undefined}
        max={setting.kind === 'number' ? setting.max : undefined}
        step={setting.kind === 'number' ? (setting.integer ? 1 : 'any') : undefined}
        value={raw}
        onChange={(e) => {
          setRaw(e.target.value);
          window.clearTimeout(timer.current);
          const text = e.target.value;
          timer.current = window.setTimeout(() => commit(text), COMMIT_AFTER_MS);
        }}
        onBlur={(e) => commit(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit((e.target as HTMLInputElement).value);
        }}
      />
    );
  }
  return (
    <div className={`field${compact ? ' compact' : ''}${error ? ' invalid' : ''}${pending ? ' pending' : ''}`} title={compact ? setting.description : undefined}>
      <label htmlFor={id}>{setting.label}</label>
      {input}
      <small id={`${id}-desc`} className={compact ? 'desc sr-only' : 'desc'}>
        {setting.description}
        {setting.kind === 'number' ? ` Range ${setting.min}–${setting.max}.` : ''}
        {setting.effect === 'rebuild' ? ' Changing it builds a new network.' : ''}
      </small>
      {error && (
        <small id={`${id}-err`} className="field-error" role="alert">
          {error}
        </small>
      )}
    </div>
  );
}
