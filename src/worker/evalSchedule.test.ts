import { afterEach, describe, expect, it } from 'vitest';
import * as tf from '../core/tf';
import { VAE } from '../core/model';
import { tinyConfig } from '../test/fixtures';
import type { WorkerEvent } from '../protocol/types';
import { EvalSchedule, type EvalHost } from './evalSchedule';
import { EARLY_EVAL_EVERY_MS } from './schedule';

/** A session stand-in: a tiny model, 8 test images, someone drawing the whole time. */
function setUp() {
  const model = new VAE(tinyConfig({ seed: 3 }));
  const host = {
    model,
    testSet: new Float32Array(8 * 784).map((_, i) => (i % 7 === 0 ? 1 : 0)),
    dataset: { nTest: 8 },
    runId: 1,
    stepCount: 0,
    samplesSeen: 0,
    drawingActive: true,
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

describe('the evaluation schedule while someone draws', () => {
  it("a run's first evaluation is not held back: it gives the curve its starting point at step 0", async () => {
    const { model, events, evals } = setUp();
    disposeModel = () => model.dispose();
    await evals.tick(10);
    expect(events.map((e) => e.type)).toEqual(['eval']);
    const e = events[0] as Extract<WorkerEvent, { type: 'eval' }>;
    expect(e.point.step).toBe(0);
    expect(Number.isFinite(e.point.elbo)).toBe(true);
  });

  it('later evaluations wait while someone draws, for at most EVAL_EVERY_MS of training', async () => {
    const { model, host, events, evals } = setUp();
    disposeModel = () => model.dispose();
    await evals.tick(10);
    expect(events).toHaveLength(1);
    // Due again (early in a run: after EARLY_EVAL_EVERY_MS and enough training images), but held.
    host.samplesSeen = 1_000;
    host.stepCount = 8;
    await evals.tick(EARLY_EVAL_EVERY_MS);
    expect(events).toHaveLength(1);
    // Held for EVAL_EVERY_MS of training at most: then it runs.
    for (let i = 0; i < 10 && events.length === 1; i++) await evals.tick(1_000);
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
