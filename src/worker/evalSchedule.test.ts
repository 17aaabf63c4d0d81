import { afterEach, describe, expect, it } from 'vitest';
import * as tf from '../core/tf';
import { VAE } from '../core/model';
import { tinyConfig } from '../test/fixtures';
import type { WorkerEvent } from '../protocol/types';
import { EvalSchedule, type EvalHost } from './evalSchedule';
import type { Config } from '../core/config';
import { evaluateSet } from '../core/evaluate';
import { EARLY_EVAL_EVERY_MS } from './schedule';

/** A session stand-in: a tiny model, 8 test images. */
function setUp(config: Pick<Config, 'estimator' | 'samplesL'> = { estimator: 'B', samplesL: 1 }) {
  const model = new VAE(tinyConfig({ seed: 3 }));
  const host = {
    model,
    config,
    testSet: new Float32Array(8 * 784).map((_, i) => (i % 7 === 0 ? 1 : 0)),
    dataset: { nTest: 8 },
    runId: 1,
    stepCount: 0,
    samplesSeen: 0,
    weightKlPerImage: async () => null,
  } satisfies EvalHost;
  const events: WorkerEvent[] = [];
  const evals = new EvalSchedule(host, (e) => events.push(e));
  return { model, host, events, evals };
}

let disposeModel: (() => void) | null = null;
afterEach(() => {
  disposeModel?.();
  disposeModel = null;
});

describe('the evaluation schedule', () => {
  it("a run's first evaluation comes at its first step: the curve's starting point at step 0", async () => {
    const { model, events, evals } = setUp();
    disposeModel = () => model.dispose();
    await evals.tick(10);
    expect(events.map((e) => e.type)).toEqual(['eval']);
    const e = events[0] as Extract<WorkerEvent, { type: 'eval' }>;
    expect(e.point.step).toBe(0);
    expect(Number.isFinite(e.point.elbo)).toBe(true);
  });

  it('the next evaluation comes when due (early in a run: after EARLY_EVAL_EVERY_MS of training), not before', async () => {
    const { model, host, events, evals } = setUp();
    disposeModel = () => model.dispose();
    await evals.tick(10);
    expect(events).toHaveLength(1);
    host.samplesSeen = 1_000;
    host.stepCount = 8;
    // Not yet due: less training time than EARLY_EVAL_EVERY_MS since the first.
    await evals.tick(EARLY_EVAL_EVERY_MS / 2);
    expect(events).toHaveLength(1);
    // Due: the evaluation runs (8 images, one chunk) and reports the model of this step.
    await evals.tick(EARLY_EVAL_EVERY_MS / 2);
    expect(events).toHaveLength(2);
    expect((events[1] as Extract<WorkerEvent, { type: 'eval' }>).point.step).toBe(8);
  });

  it("doesn't leak", async () => {
    const { model, evals } = setUp();
    const before = tf.memory().numTensors;
    await evals.tick(10);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});

describe('the evaluation of a run trained with the IWAE bound', () => {
  it('reports the test set\'s L_k beside the ELBO, with k = max(L, 5), as evaluateSet computes it on the same seed', async () => {
    const { model, host, events, evals } = setUp({ estimator: 'iwae', samplesL: 2 });
    disposeModel = () => model.dispose();
    await evals.tick(10);
    expect(events).toHaveLength(1);
    const p = (events[0] as Extract<WorkerEvent, { type: 'eval' }>).point;
    expect(p.iwae?.k).toBe(5);
    // 8 images fit one chunk of EVAL_CHUNK / (k + 1): one pass with the first chunk's seed (9000).
    const x = tf.tensor2d(host.testSet, [8, 784]);
    const direct = await evaluateSet(model, x, 8, 9000, 5);
    x.dispose();
    expect(p.iwae!.bound).toBeCloseTo(direct.iwae!.bound, 4);
    expect(p.elbo).toBeCloseTo(direct.elbo, 4);
  });

  it('has no IWAE figure for the other estimators, and leaks nothing with one', async () => {
    const b = setUp();
    await b.evals.tick(10);
    expect((b.events[0] as Extract<WorkerEvent, { type: 'eval' }>).point.iwae).toBeUndefined();
    b.model.dispose();
    const { model, evals } = setUp({ estimator: 'iwae', samplesL: 8 });
    disposeModel = () => model.dispose();
    const before = tf.memory().numTensors;
    await evals.tick(10);
    expect(tf.memory().numTensors).toBe(before);
  });
});
