import { useId, useState, type ReactNode } from 'react';

/** Latent dimension j (0-based) as the views name it: z1, z2, … */
export const dimName = (j: number) => `z${j + 1}`;

/**
 * Two distinct dimensions valid for a latent size J, from a preference that may be stale
 * (chosen for an earlier network): out-of-range or equal dims fall back to z1 and z2.
 */
export function validDims(J: number, x: number, y: number): [number, number] {
  const dx = x >= 0 && x < J ? x : 0;
  let dy = y >= 0 && y < J && y !== dx ? y : dx === 0 ? 1 : 0;
  if (J < 2) dy = -1;
  return [dx, dy];
}

/** The two dimensions with the largest KL (the most used ones), or null when unknown. */
export function mostActiveDims(klPerDim: number[] | null): [number, number] | null {
  if (!klPerDim || klPerDim.length < 2) return null;
  const order = klPerDim.map((v, j) => [v, j] as const).sort((a, b) => b[0] - a[0]);
  return [order[0]![1], order[1]![1]];
}

/** A labelled select of a latent dimension. */
export function DimSelect(props: { label: string; J: number; value: number; onChange: (j: number) => void }) {
  const id = useId();
  return (
    <div className="lv-field">
      <label htmlFor={id}>{props.label}</label>
      <select id={id} value={props.value} onChange={(e) => props.onChange(Number(e.target.value))}>
        {Array.from({ length: props.J }, (_, j) => (
          <option key={j} value={j}>
            {dimName(j)}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A labelled select of fixed choices. */
export function ChoiceSelect<T extends string | number>(props: {
  label: string;
  value: T;
  options: readonly { value: T; text: string }[];
  onChange: (v: T) => void;
}) {
  const id = useId();
  return (
    <div className="lv-field">
      <label htmlFor={id}>{props.label}</label>
      <select
        id={id}
        value={String(props.value)}
        onChange={(e) => {
          const hit = props.options.find((o) => String(o.value) === e.target.value);
          if (hit) props.onChange(hit.value);
        }}
      >
        {props.options.map((o) => (
          <option key={String(o.value)} value={String(o.value)}>
            {o.text}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * A labelled whole-number input in [min, max]. Text that is not such a number is shown with a
 * message and not applied; a valid number is applied at once.
 */
export function IntField(props: {
  label: string;
  value: number | null;
  min: number;
  max: number;
  onChange: (v: number) => void;
  placeholder?: string;
  children?: ReactNode;
}) {
  const id = useId();
  const [text, setText] = useState<string | null>(null);
  const shown = text ?? (props.value === null ? '' : String(props.value));
  const v = Number(shown);
  const invalid = text !== null && text !== '' && !(Number.isInteger(v) && v >= props.min && v <= props.max);
  return (
    <div className={`lv-field${invalid ? ' invalid' : ''}`}>
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        type="number"
        inputMode="numeric"
        min={props.min}
        max={props.max}
        step={1}
        value={shown}
        placeholder={props.placeholder}
        aria-invalid={invalid}
        aria-describedby={invalid ? `${id}-err` : undefined}
        onChange={(e) => {
          const t = e.target.value;
          setText(t);
          const n = Number(t);
          if (t !== '' && Number.isInteger(n) && n >= props.min && n <= props.max) props.onChange(n);
        }}
        onBlur={() => setText(null)}
      />
      {props.children}
      {invalid && (
        <span id={`${id}-err`} className="field-error">
          A whole number from {props.min} to {props.max}.
        </span>
      )}
    </div>
  );
}

/** Labels around a canvas: the vertical axis on the left, the horizontal one below. */
export function AxisFrame(props: {
  x: { label: string; min: string; max: string };
  y?: { label: string; min: string; max: string };
  children: ReactNode;
}) {
  return (
    <div className={`lv-frame${props.y ? '' : ' no-y'}`}>
      {props.y && (
        <div className="lv-yaxis" aria-hidden="true">
          <span>{props.y.max}</span>
          <span className="lv-axis-label">{props.y.label}</span>
          <span>{props.y.min}</span>
        </div>
      )}
      <div className="lv-plot">{props.children}</div>
      <div className="lv-xaxis" aria-hidden="true">
        <span>{props.x.min}</span>
        <span className="lv-axis-label">{props.x.label}</span>
        <span>{props.x.max}</span>
      </div>
    </div>
  );
}

/** Axis ends as text, e.g. −2.13. */
export const fmtAxis = (v: number) => (Math.abs(v) < 5e-3 ? '0' : v.toFixed(2).replace('-', '−'));
