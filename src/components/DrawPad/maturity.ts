/**
 * Whether the model has learned enough for its reconstructions to mean something. A fresh
 * model decodes every input to the same blur; the pad says so and offers the trained models.
 * A test ELBO below UNLEARNED_ELBO nats (a fresh model starts near −540, a model that draws
 * recognisable digits is above −200), or, before the first evaluation, fewer than
 * UNLEARNED_STEPS steps of its own training, counts as not learned yet.
 */
export const UNLEARNED_ELBO = -200;
export const UNLEARNED_STEPS = 300;

export function hasLearned(m: { origin: string | null; step: number; testElbo: number | null }): boolean {
  if (m.origin) return true;
  if (m.testElbo !== null) return m.testElbo >= UNLEARNED_ELBO;
  return m.step >= UNLEARNED_STEPS;
}
