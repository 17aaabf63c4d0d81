// The JS heap of a page's dedicated workers (the training worker, the drawing worker), for the
// benchmark and the browser tests. `performance.memory` exists only in windows, so the heaps
// are read with the DevTools protocol's Runtime.getHeapUsage in each worker. Playwright's
// CDPSession cannot address the child sessions of flat auto-attach, so this attaches in the
// older non-flat mode and talks to each worker through Target.sendMessageToTarget.
// Tensor memory is not in these figures: the wasm backend keeps it in a WebAssembly.Memory and
// WebGL/WebGPU on the device (the page shows tensor bytes separately).

/** Which worker a script URL is: 'drawing', 'training' or the URL's file name. */
export function workerKind(url) {
  const file = String(url).split(/[?#]/)[0].split('/').pop() ?? '';
  if (/^drawWorker\b/.test(file)) return 'drawing';
  if (/^worker\b/.test(file)) return 'training';
  return file || String(url);
}

/**
 * Starts watching the page's workers (those running now and those started later).
 * `sample()` reads every worker's heap once; `summary()` gives, per worker kind, the peak and
 * the last reading of the used heap in MB and the number of readings; `stop()` detaches.
 * @param {import('playwright-core').Page} page
 */
export async function watchWorkerHeaps(page) {
  const cdp = await page.context().newCDPSession(page);
  /** @type {Map<string, { kind: string, peakMB: number, lastMB: number | null, readings: number }>} */
  const workers = new Map();
  const pending = new Map();
  let nextId = 1;
  cdp.on('Target.attachedToTarget', (e) => {
    if (e.targetInfo.type !== 'worker') return;
    workers.set(e.sessionId, { kind: workerKind(e.targetInfo.url), peakMB: 0, lastMB: null, readings: 0 });
  });
  cdp.on('Target.detachedFromTarget', (e) => {
    const w = workers.get(e.sessionId);
    if (w) w.gone = true;
  });
  cdp.on('Target.receivedMessageFromTarget', (e) => {
    const m = JSON.parse(e.message);
    pending.get(m.id)?.(m);
    pending.delete(m.id);
  });
  const ask = (sessionId, method) =>
    new Promise((resolve) => {
      const id = nextId++;
      const timer = setTimeout(() => {
        pending.delete(id);
        resolve(null);
      }, 5000);
      pending.set(id, (m) => {
        clearTimeout(timer);
        resolve(m);
      });
      cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method }) }).catch(() => {
        clearTimeout(timer);
        pending.delete(id);
        resolve(null);
      });
    });
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });

  async function sample() {
    await Promise.all(
      [...workers].filter(([, w]) => !w.gone).map(async ([sessionId, w]) => {
        const reply = await ask(sessionId, 'Runtime.getHeapUsage');
        const used = reply?.result?.usedSize;
        if (typeof used !== 'number') return;
        const mb = used / 2 ** 20;
        w.lastMB = mb;
        w.peakMB = Math.max(w.peakMB, mb);
        w.readings++;
      }),
    );
  }

  function summary() {
    /** @type {Record<string, { peakMB: number, lastMB: number | null, readings: number }>} */
    const out = {};
    for (const w of workers.values()) {
      if (w.readings === 0) continue;
      const prev = out[w.kind];
      // A replaced worker (same kind) keeps the larger peak and the newer reading.
      out[w.kind] = {
        peakMB: Math.round(Math.max(prev?.peakMB ?? 0, w.peakMB) * 10) / 10,
        lastMB: w.lastMB == null ? null : Math.round(w.lastMB * 10) / 10,
        readings: (prev?.readings ?? 0) + w.readings,
      };
    }
    return out;
  }

  async function stop() {
    await cdp.detach().catch(() => {});
  }

  return { sample, summary, stop };
}
