import { describe, expect, it } from 'vitest';
import { latencyParts } from './latency';

describe('latencyParts', () => {
  it('splits a stroke latency into its four parts, which add up to the whole', () => {
    // The page's clock started at epoch 1,000,000 ms. Pen lifted at 100 (page clock), sent at
    // 130 (epoch 1,000,130), the worker starts at epoch 1,000,200 and works 40 ms; shown at 360.
    const l = latencyParts({ version: 7, requestedAt: 100, sentAt: 1_000_130, startedAt: 1_000_200, workerMs: 40 }, 360, 1_000_000);
    expect(l).toEqual({ version: 7, ms: 260, pageMs: 30, queueMs: 70, workerMs: 40, displayMs: 120 });
    expect(l.pageMs + l.queueMs + l.workerMs + l.displayMs).toBe(l.ms);
  });
});
