import 'katex/dist/katex.min.css';
import { useId } from 'react';
import { ComputationGraph } from './ComputationGraph';
import { ElboNoise } from './ElboNoise';
import { EstimatorLab1D } from './EstimatorLab1D';
import { GradVarianceView } from './GradVarianceView';
import { TrickView } from './TrickView';

/**
 * Reparameterization and the estimator lab: the paper's central idea (Sec. 2.4) with numbers
 * from the model on the page. Moving the randomness into ε makes z a differentiable function
 * of φ, so the gradient can pass through the sample, and it is far less noisy than the
 * score-function gradient that does not.
 */
export function ReparamPanel() {
  const id = useId();
  return (
    <section className="panel reparam-panel" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Reparameterization and the estimator lab</h2>
      <p className="lv-explain">
        Sampling z ~ q(z|x) directly would put the randomness between the encoder and the loss, and no gradient passes through a
        random draw. The paper rewrites the sample as a deterministic function of the encoder&apos;s outputs and an outside noise ε:
        the gradient then flows through μ and σ, and ε stands outside it.
      </p>
      <ComputationGraph />
      <TrickView />
      <EstimatorLab1D />
      <GradVarianceView />
      <ElboNoise />
    </section>
  );
}
