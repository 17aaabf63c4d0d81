import { describe, expect, it } from 'vitest';
import { PriorityGate } from './schedule';

describe('PriorityGate', () => {
  it('is clear at once when nothing is under way', async () => {
    const g = new PriorityGate();
    expect(g.busy).toBe(false);
    let cleared = false;
    await g.clear().then(() => (cleared = true));
    expect(cleared).toBe(true);
  });

  it('holds waiters until the last of overlapping requests ends, also when one fails', async () => {
    const g = new PriorityGate();
    const release: Array<() => void> = [];
    const hold = () => new Promise<void>((r) => release.push(r));
    const a = g.run(hold);
    const b = g.run(async () => {
      await hold();
      throw new Error('bad request');
    });
    expect(g.busy).toBe(true);
    let cleared = false;
    const waiting = g.clear().then(() => (cleared = true));
    release[0]!();
    await a;
    await Promise.resolve();
    expect(cleared).toBe(false); // b is still under way
    release[1]!();
    await expect(b).rejects.toThrow('bad request');
    await waiting;
    expect(cleared).toBe(true);
    expect(g.busy).toBe(false);
  });

  it('is active while a request is under way and for the given time after the last one ended', async () => {
    let t = 0;
    const g = new PriorityGate(() => t);
    expect(g.activeWithin(5000)).toBe(false);
    let release = () => {};
    const r = g.run(() => new Promise<void>((resolve) => (release = resolve)));
    t = 10_000;
    expect(g.activeWithin(5000)).toBe(true); // under way, however long
    release();
    await r; // ended at t = 10,000
    t = 14_999;
    expect(g.activeWithin(5000)).toBe(true);
    t = 15_000;
    expect(g.activeWithin(5000)).toBe(false);
  });
});
