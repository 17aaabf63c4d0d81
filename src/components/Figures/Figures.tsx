import type React from 'react';
import { evaluateFull } from '../../client/actions';
import { useShallow } from 'zustand/react/shallow';
import { SETTINGS, type SettingKey } from '../../core/config';
import { useAppStore, type AppState } from '../../store/store';
import { DASH, fmt, fmtInt, fmtSetting } from '../format';
import { TermRows } from '../TermRows';
import { scheduleRows } from './schedules';

/** Training figures are averaged over this many recent minibatches (one minibatch is noisy). */
export const TRAIN_WINDOW = 20;

/** Means of the last TRAIN_WINDOW training points of the current run. */
export function recentTrainMeans(s: AppState): { elbo: number; recon: number; kl: number } | null {
  const run = s.runs.find((r) => r.run === s.runState?.run);
  const pts = run?.points.slice(-TRAIN_WINDOW) ?? [];
  if (pts.length === 0) return null;
  const mean = (f: (p: (typeof pts)[number]) => number) => pts.reduce((a, p) => a + f(p), 0) / pts.length;
  return { elbo: mean((p) => p.elbo), recon: mean((p) => p.recon), kl: mean((p) => p.kl) };
}

function lastEval(s: AppState) {
  return s.runs.find((r) => r.run === s.runState?.run)?.evals.at(-1) ?? null;
}

/** The live figures, as a list of term and value that a screen reader can read. */
export function Figures() {
  const f = useAppStore(
    useShallow((s) => {
      const t = recentTrainMeans(s);
      const ev = lastEval(s);
      return {
        backend: s.backend?.name ?? DASH,
        step: s.runState ? fmtInt(s.runState.step) : DASH,
        epoch: s.runState ? fmt(s.runState.epoch, 2) : DASH,
        sps: fmtInt(s.samplesPerSec),
        elboTrain: fmt(t?.elbo),
        elboTest: fmt(ev?.elbo),
        iwaeK: ev?.iwae?.k ?? null,
        iwaeTest: fmt(ev?.iwae?.bound),
        recon: fmt(t?.recon),
        kl: fmt(t?.kl),
        active: ev ? `${ev.activeUnits}` : DASH,
        latent: s.runState ? `${s.runState.config.latentDim}` : DASH,
        tensors: fmtInt(s.tensors),
        tensorBytes: s.tensorBytes,
        testN: ev ? ev.n : null,
        testFull: ev?.full ?? false,
      };
    }),
  );
  const rows: [string, string][] = [
    ['Backend', f.backend],
    ['Step', f.step],
    ['Epoch', f.epoch],
    ['Samples/s', f.sps],
    ['ELBO (train)', f.elboTrain],
    ['ELBO (test)', f.elboTest],
    ...(f.iwaeK === null ? [] : ([[`IWAE k=${f.iwaeK} (test)`, f.iwaeTest]] as [string, string][])),
    ['Reconstruction', f.recon],
    ['KL', f.kl],
    ['Active units', f.active],
    ['Tensors in memory', f.tensors],
  ];
  return (
    <section className="figures" aria-labelledby="figures-h">
      <h2 id="figures-h" className="sr-only">
        Live figures
      </h2>
      <dl aria-label="Live figures" className="figures-row" data-tensor-bytes={f.tensorBytes ?? undefined}>
        <TermRows rows={rows} />
      </dl>
      <p className="note figures-note">
        Nats per image. Train figures: mean of the last {TRAIN_WINDOW} minibatches (ELBO with β = 1, KL by the
        chosen estimator). Test: {f.testN ? `${f.testN.toLocaleString('en-US')} images (${f.testFull ? 'whole test set' : 'fixed subset'})` : 'pending'},
        statically binarized, analytic KL{f.iwaeK === null ? '' : `; IWAE: the importance-weighted bound with k = ${f.iwaeK} samples of q per image`}. Active units: dimensions with Cov(μ) &gt; 0.01 out of {f.latent}.
      </p>
    </section>
  );
}

const SHOWN: SettingKey[] = [
  'optimizer',
  'learningRate',
  'beta',
  'klWarmupSteps',
  'lrDecaySteps',
  'batchSize',
  'samplesL',
  'estimator',
  'weightDecay',
  'latentDim',
  'hidden',
  'activation',
  'decoder',
];

/** The settings the worker reports as in effect (not merely typed into a control). */
export function ActiveSettings() {
  const config = useAppStore((s) => s.runState?.config);
  const step = useAppStore((s) => s.runState?.step ?? 0);
  return (
    <section className="panel" aria-labelledby="active-h">
      <h2 id="active-h">In effect</h2>
      <dl aria-label="Active settings" className="compact">
        <TermRows
          rows={[
            ...SHOWN.map((k) => [SETTINGS[k].label.replace(/ [A-Zβλ]$/, '').replace(/ \(.*\)$/, ''), config ? fmtSetting(config[k]) : DASH] as const),
            ...(config ? scheduleRows(config, step) : []),
          ]}
        />
      </dl>
    </section>
  );
}

/** The Figures tab: the settings in effect, the KL per latent dimension, a full test evaluation. */
export function FiguresPanel({ children }: { children?: React.ReactNode }) {
  const ready = useAppStore((s) => s.dataReady);
  const nTest = useAppStore((s) => s.nTest);
  return (
    <div className="figures-panel">
      <div className="panel">
        <button type="button" disabled={!ready} onClick={evaluateFull}>
          Evaluate full test set
        </button>
        <p className="note">Every sixth evaluation covers all {fmtInt(nTest)} test images; this one does so now.</p>
      </div>
      <ActiveSettings />
      {children}
    </div>
  );
}
