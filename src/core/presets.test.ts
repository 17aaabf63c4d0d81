import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BEST_DECAY_STEPS, PRESETS } from './presets';
import { effectiveLearningRate, validateConfig } from './config';
import { TRAIN_IMAGES } from '../shared/datasets';

const best = PRESETS.find((p) => p.name === 'Best')!;

describe('the Best preset (issue 27)', () => {
  it('decays its learning rate over exactly 5 epochs at M = 32: 2e-3 at the start, 2e-5 from step 9,375 on', () => {
    expect(validateConfig(best.config)).toMatchObject({ ok: true });
    expect(best.config.batchSize).toBe(32);
    expect(BEST_DECAY_STEPS).toBe(9375);
    expect(best.config.lrDecaySteps * best.config.batchSize).toBe(5 * TRAIN_IMAGES);
    expect(effectiveLearningRate(best.config, 0)).toBeCloseTo(2e-3, 12);
    // Half way along the half cosine: 2e-3 · (0.01 + 0.99 · 0.5).
    expect(effectiveLearningRate(best.config, 9375 / 2)).toBeCloseTo(2e-3 * 0.505, 12);
    expect(effectiveLearningRate(best.config, 9375)).toBeCloseTo(2e-5, 12);
    expect(effectiveLearningRate(best.config, 20000)).toBeCloseTo(2e-5, 12);
  });

  it("states the test ELBO that docs/performance.md records for its recipe, and the reference's", () => {
    const doc = readFileSync(new URL('../../docs/performance.md', import.meta.url), 'utf8');
    const row = doc.split('\n').find((l) => l.includes('(Best)**'));
    expect(row, 'the Best row of the recipe table').toBeDefined();
    // The row names the preset's recipe …
    expect(row).toContain('784-512-20');
    expect(row).toContain('M = 32');
    expect(row).toContain('Adam 2e-3');
    expect(row).toContain('9,375 steps');
    expect(best.config.hidden).toEqual([512]);
    expect(best.config.latentDim).toBe(20);
    expect(best.config.learningRate).toBe(2e-3);
    // … and its figure after 300,000 samples (the last cell) is the one the description shows.
    const last = row!.split('|').filter((c) => c.trim() !== '').at(-1)!;
    const figure = /−\d+\.\d/.exec(last)![0];
    expect(best.description).toContain(`test ELBO ${figure} after those 5 epochs`);
    expect(Number(figure.replace('−', '-'))).toBeGreaterThanOrEqual(-101.5); // the target
    expect(best.description).toContain('−104.5');
  });
});
