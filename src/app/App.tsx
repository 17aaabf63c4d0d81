import { lazy, Suspense, useRef } from 'react';
import { useUnfocusableLayers } from '../components/charts/unfocusableLayers';
import { Toolbar } from '../components/Controls/Toolbar';
import { Figures } from '../components/Figures/Figures';
import { DrawPad } from '../components/DrawPad/DrawPad';
import { GuidePanel, LearnButton } from '../components/Guide/GuidePanel';
import { LatentStage } from '../components/LatentViews/LatentViews';
import { PipelineStrip } from '../components/Pipeline/PipelineStrip';
import { Alerts } from '../components/Status/Alerts';
import { BackendInfo, StatusNote } from '../components/Status/BackendInfo';
import { DataStatus } from '../components/Status/DataStatus';
import { DeepTabs } from './DeepTabs';
import { useHighlight } from './useHighlight';

// The charts (recharts) are a lazy chunk: the page draws its controls, the pipeline and the
// pad without them (docs/performance.md).
const Curves = lazy(() => import('../components/Curves/Curves').then((m) => ({ default: m.Curves })));

/**
 * One screen holds the experiment (docs/layout.md): the controls across the top, the model
 * as a pipeline, then the data (the pad), the learning curves and the latent space side by
 * side; everything deeper is one click away in the tabs below.
 */
export function App() {
  useHighlight();
  // Every chart of every panel (the lazy ones included): recharts' layer groups stay out of focus.
  const root = useRef<HTMLDivElement>(null);
  useUnfocusableLayers(root);
  return (
    <div className="app" ref={root}>
      <header className="topbar">
        <div className="brand">
          <h1>VAE Playground</h1>
          <p className="lede">
            A variational autoencoder (Kingma &amp; Welling, 2013) learning in your browser, on your own machine.
          </p>
        </div>
        <div className="status">
          <div className="status-line">
            <DataStatus />
            <StatusNote />
          </div>
          <BackendInfo />
        </div>
        <LearnButton />
      </header>
      <Alerts />
      <Toolbar />
      <PipelineStrip />
      <main className="stage">
        <DrawPad />
        <div className="curves-col" data-view="curves" role="region" aria-label="Learning curves">
          <Figures />
          <Suspense fallback={<section className="panel curves" aria-busy="true" />}>
            <Curves />
          </Suspense>
        </div>
        <LatentStage />
      </main>
      <DeepTabs />
      <GuidePanel />
    </div>
  );
}
