/**
 * One Markov transition for a batch of chains (rows of a [chains, J] tensor) targeting a
 * density π known up to a constant through log π(z), one value per row. The gradient ∇ log π
 * comes from tfjs's autodiff (tf.valueAndGrad), so for the VAE's posterior it is the decoder's
 * own backward pass. Every function is tidy: it returns new tensors and leaves its inputs alone.
 */
import * as tf from '../tf';

/** log π(z) per row of z [chains, J] (an unnormalized log-density). */
export type LogDensity = (z: tf.Tensor2D) => tf.Tensor1D;

/** Where a batch of chains stands: positions, log π there and (for HMC) ∇ log π there. */
export type ChainTensors = {
  z: tf.Tensor2D;
  logp: tf.Tensor1D;
  grad: tf.Tensor2D;
};

/** log π(z) and ∇_z log π(z) per row (rows are independent, so the gradient of Σ_rows is each row's). */
export function logDensityAndGrad(target: LogDensity, z: tf.Tensor2D): { logp: tf.Tensor1D; grad: tf.Tensor2D } {
  return tf.tidy(() => {
    const { value, grad } = tf.valueAndGrad((zz: tf.Tensor) => target(zz as tf.Tensor2D))(z);
    return { logp: value as tf.Tensor1D, grad: grad as tf.Tensor2D };
  });
}

/** The chains' tensors at z (a copy of z is kept). */
export function chainTensorsAt(target: LogDensity, z: tf.Tensor2D, withGrad: boolean): ChainTensors {
  return tf.tidy(() => {
    if (withGrad) return { z: tf.clone(z), ...logDensityAndGrad(target, z) };
    return { z: tf.clone(z), logp: target(z), grad: tf.zerosLike(z) };
  });
}

/**
 * The leapfrog integrator of Hamiltonian dynamics with H(z, p) = −log π(z) + ½‖p‖², L steps
 * of size ε:
 *   p ← p + (ε/2) ∇log π(z);  then L times { z ← z + ε p;  p ← p + ε ∇log π(z) }, the last
 *   momentum update being a half step (ε/2).
 * It is volume-preserving and time-reversible: from (z', −p') it returns to (z, −p).
 */
export function leapfrog(
  target: LogDensity,
  start: ChainTensors,
  p0: tf.Tensor2D,
  eps: number,
  L: number,
): ChainTensors & { p: tf.Tensor2D } {
  return tf.tidy(() => {
    let z = start.z;
    let g = start.grad;
    let logp = start.logp;
    let p = tf.add(p0, tf.mul(eps / 2, g)) as tf.Tensor2D;
    for (let i = 1; i <= L; i++) {
      z = tf.add(z, tf.mul(eps, p)) as tf.Tensor2D;
      ({ logp, grad: g } = logDensityAndGrad(target, z));
      p = tf.add(p, tf.mul(i < L ? eps : eps / 2, g)) as tf.Tensor2D;
    }
    return { z, p, logp, grad: g };
  });
}

/** ½‖p‖² per row: the kinetic energy of unit-mass momenta. */
export function kineticEnergy(p: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => tf.mul(0.5, tf.sum(tf.square(p), 1)));
}

export type TransitionResult = {
  next: ChainTensors;
  /** Metropolis acceptance probability min(1, e^{Δ}) per chain (0 where the proposal is not finite). */
  acceptProb: tf.Tensor1D;
  /** 1 where the chain moved, 0 where it stayed. */
  accepted: tf.Tensor1D;
};

/**
 * The Metropolis correction: with log a = min(0, Δ), a chain moves to the proposal when
 * log u < log a, u ~ U(0, 1) given per chain. A NaN Δ (a proposal where log π is not finite)
 * compares false, so it is rejected.
 */
function metropolis(current: ChainTensors, proposal: ChainTensors, logRatio: tf.Tensor1D, u: tf.Tensor1D): TransitionResult {
  return tf.tidy(() => {
    const finite = tf.logicalNot(tf.isNaN(logRatio));
    const logA = tf.where(finite, tf.minimum(logRatio, 0), tf.fill(logRatio.shape, -Infinity)) as tf.Tensor1D;
    const move = tf.less(tf.log(u), logA);
    const moveRows = tf.reshape(move, [-1, 1]);
    return {
      next: {
        z: tf.where(moveRows, proposal.z, current.z) as tf.Tensor2D,
        logp: tf.where(move, proposal.logp, current.logp) as tf.Tensor1D,
        grad: tf.where(moveRows, proposal.grad, current.grad) as tf.Tensor2D,
      },
      acceptProb: tf.exp(logA) as tf.Tensor1D,
      accepted: tf.cast(move, 'float32') as tf.Tensor1D,
    };
  });
}

/**
 * One HMC transition (Neal 2011, "MCMC using Hamiltonian dynamics"): momenta p ~ N(0, I) (given),
 * L leapfrog steps of size ε to (z', p'), accepted with probability
 *   min(1, exp(H(z, p) − H(z', p'))),  H = −log π(z) + ½‖p‖².
 */
export function hmcTransition(
  target: LogDensity,
  current: ChainTensors,
  momentum: tf.Tensor2D,
  u: tf.Tensor1D,
  eps: number,
  L: number,
): TransitionResult {
  return tf.tidy(() => {
    const prop = leapfrog(target, current, momentum, eps, L);
    const h0 = tf.sub(kineticEnergy(momentum), current.logp);
    const h1 = tf.sub(kineticEnergy(prop.p), prop.logp);
    return metropolis(current, prop, tf.sub(h0, h1) as tf.Tensor1D, u);
  });
}

/**
 * One random-walk Metropolis–Hastings transition: z' = z + s·ξ with ξ ~ N(0, I) given (a
 * symmetric proposal, so the Hastings ratio is π(z')/π(z)), accepted with probability
 * min(1, π(z')/π(z)).
 */
export function rwmhTransition(target: LogDensity, current: ChainTensors, noise: tf.Tensor2D, u: tf.Tensor1D, scale: number): TransitionResult {
  return tf.tidy(() => {
    const z = tf.add(current.z, tf.mul(scale, noise)) as tf.Tensor2D;
    const prop: ChainTensors = { z, logp: target(z), grad: current.grad };
    return metropolis(current, prop, tf.sub(prop.logp, current.logp) as tf.Tensor1D, u);
  });
}
