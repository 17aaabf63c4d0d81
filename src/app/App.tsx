import { lazy, Suspense, type ReactNode } from 'react';
import { Controls } from '../components/Controls/Controls';
import { ActiveSettings, Figures } from '../components/Figures/Figures';
import { DrawPad } from '../components/DrawPad/DrawPad';
import { LatentViews } from '../components/LatentViews/LatentViews';
import { RunsPanel } from '../components/Runs/RunsPanel';
import { Alerts } from '../components/Status/Alerts';
import { BackendInfo } from '../components/Status/BackendInfo';
import { DataStatus } from '../components/Status/DataStatus';

// The charts (recharts) and the reparameterization panel (KaTeX, recharts) are lazy chunks:
// the page draws its controls, figures and drawing pad without them (docs/performance.md).
const Curves = lazy(() => import('../components/Curves/Curves').then((m) => ({ default: m.Curves })));
const KlBars = lazy(() => import('../components/KlBars/KlBars').then((m) => ({ default: m.KlBars })));
const ReparamPanel = lazy(() => import('../components/Reparam/ReparamPanel').then((m) => ({ default: m.ReparamPanel })));

/** A panel's place while its chunk loads (keeps the layout from jumping much). */
function Later({ children, height }: { children: ReactNode; height: number }) {
  return <Suspense fallback={<section className="panel" aria-busy="true" style={{ minHeight: height }} />}>{children}</Suspense>;
}

export function App() {
  return (
    <div className="app">
      <header>
        <h1>VAE Playground</h1>
        <p className="lede">
          A variational autoencoder (Kingma &amp; Welling, 2013) learning handwritten digits in your browser. The encoder
          maps a digit x to q(z|x) = N(μ, σ²); the decoder maps z back to pixels; training maximizes the ELBO = E<sub>q</sub>
          [log p(x|z)] − KL(q(z|x) ‖ p(z)).
        </p>
        <DataStatus />
        <BackendInfo />
        <Alerts />
      </header>
      <main className="layout">
        <div className="col-left">
          <Controls />
          <RunsPanel />
        </div>
        <div className="col-right">
          <div className="row">
            <Figures />
            <ActiveSettings />
          </div>
          <Later height={400}>
            <Curves />
          </Later>
          <Later height={260}>
            <KlBars />
          </Later>
          <DrawPad />
          <LatentViews />
          <Later height={400}>
            <ReparamPanel />
          </Later>
        </div>
      </main>
    </div>
  );
}
