import './bayes.css';
import { useId } from 'react';
import { useAppStore } from '../../store/store';
import { BayesCurves } from './BayesCurves';
import { DecoderSamplesView } from './DecoderSamplesView';
import { SmallDataView } from './SmallDataView';
import { SpreadGridView } from './SpreadGridView';
import { WeightChoice } from './WeightChoice';
import { WeightStdView } from './WeightStdView';

/**
 * Full variational Bayes (the paper's Appendix F): the decoder's parameters θ get a
 * distribution q(θ) = N(m, s²) under a prior N(0, α²), and the bound gains a KL over
 * parameters beside the one over latents. The views show the difference between a point
 * estimate and a distribution over decoders.
 */
export function BayesDecoderPanel() {
  const id = useId();
  const variational = useAppStore((s) => s.runState?.config.decoderWeights === 'variational');
  return (
    <section className="panel bayes-panel" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Bayesian decoder: a distribution over the decoder&apos;s weights</h2>
      <p className="lv-explain">
        A VAE is Bayesian in z and fits θ by a point estimate. Full VB gives every decoder weight and bias its own Gaussian
        q(θ) = N(m, s²), s = softplus(ρ), sampled by the reparameterization trick (θ = m + s ⊙ ζ; in training, the local
        reparameterization trick draws each layer&apos;s pre-activations directly). The bound over N images is Σᵢ E_q(θ)[ELBOᵢ(θ)] −
        KL(q(θ) ‖ p_α(θ)); a minibatch of M estimates it as (N/M) Σ ELBOᵢ − KL, shown here divided by N.
      </p>
      <WeightChoice />
      {variational ? (
        <>
          <BayesCurves />
          <DecoderSamplesView />
          <WeightStdView />
          <SpreadGridView />
        </>
      ) : (
        <p className="lv-explain">
          The model in effect has point-estimate decoder weights: choose &ldquo;Variational q(θ)&rdquo; above to see the weight KL, decoders
          drawn from q(θ), their standard deviations and the spread of the manifold.
        </p>
      )}
      <SmallDataView />
    </section>
  );
}
