import { describe, expect, it } from 'vitest';
import { abandonable, WorkerGoneError } from './workerClient';

describe('abandonable worker API', () => {
  it('passes calls and answers through', async () => {
    const remote = { add: async (a: number, b: number) => a + b, name: 'remote' };
    const { api } = abandonable(remote);
    await expect(api.add(2, 3)).resolves.toBe(5);
    expect(api.name).toBe('remote');
    // Not a thenable: awaiting the API object gives the object, without calling anything.
    expect((api as unknown as { then?: unknown }).then).toBeUndefined();
    await expect(Promise.resolve(api)).resolves.toBe(api);
  });

  it('fails every call still waiting, and every later call, once abandoned', async () => {
    const never = () => new Promise<number>(() => {});
    const { api, abandon } = abandonable({ never, quick: async () => 1 });
    const waiting = api.never();
    const other = api.never();
    abandon('the worker was replaced');
    await expect(waiting).rejects.toBeInstanceOf(WorkerGoneError);
    await expect(other).rejects.toThrow('the worker was replaced');
    await expect(api.quick()).rejects.toBeInstanceOf(WorkerGoneError);
  });

  it('keeps a call’s own failure', async () => {
    const { api } = abandonable({
      fails: async () => {
        throw new RangeError('bad index');
      },
    });
    await expect(api.fails()).rejects.toThrow(RangeError);
  });
});
