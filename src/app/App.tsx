import { Controls } from '../components/Controls/Controls';
import { Curves } from '../components/Curves/Curves';
import { ActiveSettings, Figures } from '../components/Figures/Figures';
import { KlBars } from '../components/KlBars/KlBars';
import { DrawPad } from '../components/DrawPad/DrawPad';
import { LatentViews } from '../components/LatentViews/LatentViews';
import { RunsPanel } from '../components/Runs/RunsPanel';
import { ReparamPanel } from '../components/Reparam/ReparamPanel';
import { Alerts } from '../components/Status/Alerts';
import { BackendInfo } from '../components/Status/BackendInfo';
import { DataStatus } from '../components/Status/DataStatus';

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
          <Curves />
          <KlBars />
          <DrawPad />
          <LatentViews />
          <ReparamPanel />
        </div>
      </main>
    </div>
  );
}
