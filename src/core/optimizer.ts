import * as tf from './tf';
import type { OptimizerName } from './config';
import { FusedAdamOptimizer } from './fusedAdam';

export interface OptimizerSettings {
  optimizer: OptimizerName;
  learningRate: number;
  momentum: number;
}

/** Builds a tfjs optimizer. Adagrad is the paper's choice (Duchi et al., 2011). */
export function createOptimizer(s: OptimizerSettings): tf.Optimizer {
  switch (s.optimizer) {
    case 'adam':
      // tf.train.adam's defaults (β₁ 0.9, β₂ 0.999, ε the backend's), with the one-pass update on wasm.
      return new FusedAdamOptimizer(s.learningRate, 0.9, 0.999);
    case 'adagrad':
      return tf.train.adagrad(s.learningRate);
    case 'rmsprop':
      return tf.train.rmsprop(s.learningRate);
    case 'sgd':
      return tf.train.momentum(s.learningRate, s.momentum);
  }
}

/**
 * Changes the learning rate (and SGD's momentum) of a live optimizer without losing its
 * state. tfjs's SGD/momentum optimizers cache −lr and the momentum as kept scalars and
 * offer setters; Adam, Adagrad and RMSProp read the plain `learningRate` field each step.
 */
export function updateOptimizer(opt: tf.Optimizer, s: OptimizerSettings): void {
  const o = opt as unknown as {
    learningRate: number;
    setLearningRate?: (lr: number) => void;
    setMomentum?: (m: number) => void;
  };
  if (o.setLearningRate) o.setLearningRate(s.learningRate);
  else o.learningRate = s.learningRate;
  if (s.optimizer === 'sgd' && o.setMomentum) o.setMomentum(s.momentum);
}

/** The learning rate an optimizer will use at its next step (for tests and display). */
export function currentLearningRate(opt: tf.Optimizer): number {
  return (opt as unknown as { learningRate: number }).learningRate;
}

/**
 * Frees an optimizer's tensors. tfjs 4.22's MomentumOptimizer.dispose() frees its momentum
 * scalar and accumulators but not the −lr scalar `c` it inherits from SGDOptimizer (it does
 * not call super.dispose()), so that one is freed here.
 */
export function disposeOptimizer(opt: tf.Optimizer): void {
  opt.dispose();
  if (opt instanceof tf.MomentumOptimizer) {
    const c = (opt as unknown as { c?: tf.Tensor }).c;
    if (c && !c.isDisposed) c.dispose();
  }
}
