// The benchmark's reporting: the tables printed from the measurements (bench-measure.mjs), and
// the rounding and order statistics the measurements and tables share.

/** x rounded to d decimals; null for a missing or non-finite figure. */
export const round = (x, d = 1) => (x == null || !Number.isFinite(x) ? null : Math.round(x * 10 ** d) / 10 ** d);
/** The median of xs (the mean of the middle two for an even count); null for none. */
export const median = (xs) => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** The p-quantile of xs, the nearest rank: sorted[round(p·(n − 1))]; null for none. */
export const quantile = (xs, p) => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.round(p * (s.length - 1)))];
};

/** Before (the baseline build) and after (this build), measured in the same run. */
export function printBaseline(b) {
  const d = (x, suffix = '') => (x == null ? '—' : `${x}${suffix}`);
  const ratio = (a, c) => (a && c ? `${round(c / a, 2)}×` : '—');
  console.log(`\nbaseline ${b.dir} (before) vs this build (after), same run:`);
  const rows = [['backend', 'samples/s', 'frame p95', 'long tasks (total)', 'max long', 'traced: CPU > 50 ms (max CPU)', 'heap peak']];
  const cpu = (r) => (r.longTasks.traced ? `${r.longTasks.traced.overCpu50} (${r.longTasks.traced.maxCpuMs} ms)` : '—');
  for (const before of b.results) {
    const after = b.current.find((r) => r.backend === before.backend);
    if (!before.ok || !after?.ok) {
      rows.push([before.backend, 'FAILED', '', '', '', '', '']);
      continue;
    }
    rows.push([
      before.backend,
      `${before.samplesPerSec} → ${after.samplesPerSec} (${ratio(before.samplesPerSec, after.samplesPerSec)})`,
      `${d(before.frames.p95Ms, ' ms')} → ${d(after.frames.p95Ms, ' ms')}`,
      `${before.longTasks.count} (${before.longTasks.totalMs} ms) → ${after.longTasks.count} (${after.longTasks.totalMs} ms)`,
      `${before.longTasks.maxMs} → ${after.longTasks.maxMs} ms`,
      `${cpu(before)} → ${cpu(after)}`,
      `${d(before.memory.heapPeakMB, ' MB')} → ${d(after.memory.heapPeakMB, ' MB')}`,
    ]);
  }
  printRows(rows);
  const med = (xs, f) => median(xs.filter((x) => x.ok).map(f).filter((x) => x != null));
  console.log(
    `cold start (median of ${b.coldStart.length}): first paint ${med(b.coldStart, (c) => c.fcpMs)} → ${med(b.currentCold, (c) => c.fcpMs)} ms, ` +
      `first interactive frame ${med(b.coldStart, (c) => c.firstInteractiveFrameMs)} → ${med(b.currentCold, (c) => c.firstInteractiveFrameMs)} ms, ` +
      `data ready ${med(b.coldStart, (c) => c.dataReadyMs)} → ${med(b.currentCold, (c) => c.dataReadyMs)} ms, ` +
      `drawing worker ready ${med(b.coldStart, (c) => c.drawReadyMs)} → ${med(b.currentCold, (c) => c.drawReadyMs)} ms; ` +
      `JS arrived before first paint ${med(b.coldStart, (c) => c.jsBeforeFirstPaintGzipKiB)} → ${med(b.currentCold, (c) => c.jsBeforeFirstPaintGzipKiB)} KiB gzipped; ` +
      `initial JS (static graph) ${b.coldStart.find((c) => c.ok)?.manifest?.gzipKiB ?? '— (no manifest)'} → ${b.currentCold.find((c) => c.ok)?.manifest?.gzipKiB} KiB`,
  );
  console.log('');
}

export function printRows(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => String(row[c]).length)));
  const line = (row) => row.map((cell, c) => (c === 0 ? String(cell).padEnd(widths[c]) : String(cell).padStart(widths[c]))).join('  ');
  console.log('\n' + line(rows[0]));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows.slice(1)) console.log(line(row));
}

export function printExtraTables({ results, training, auto, cold, draw }) {
  const d = (x, suffix = '') => (x == null ? '—' : `${x}${suffix}`);
  if (results.length) printRows([
    ['backend', 'frame p50', 'frame p95', 'long tasks', 'traced: CPU > 50 ms (max CPU)', 'LoAF', 'page heap peak', 'training worker heap', 'drawing worker heap', 'tensors MB'],
    ...results.filter((r) => r.ok).map((r) => [
      r.backend,
      d(r.frames.p50Ms, ' ms'),
      d(r.frames.p95Ms, ' ms'),
      `${r.longTasks.count} (${d(r.longTasks.totalMs, ' ms')})`,
      r.longTasks.traced ? `${r.longTasks.traced.overCpu50} of ${r.longTasks.traced.count} (${r.longTasks.traced.maxCpuMs} ms)` : '—',
      r.frames.longAnimationFrames,
      d(r.memory.heapPeakMB, ' MB'),
      d(r.memory.workers?.training?.peakMB, ' MB'),
      d(r.memory.workers?.drawing?.peakMB, ' MB'),
      d(r.memory.tensorMB),
    ]),
  ]);
  if (training.length) {
    printRows([
      ['backend', 'app s/s', 'upload s/s', 'resident s/s', 'resident×', 'reference s/s', 'speed-up', 'matmul GF/s', 'util', '2× ref needs', 'issue/wait ms', 'dispatch'],
      ...training.map((t) => {
        if (!t.ok) return [t.backend, 'FAILED', '', '', '', '', '', '', '', '', '', ''];
        const r = t.result;
        const app = r.app.residentByRule && r.app.device ? r.app.device.median : r.app.host.median;
        return [
          r.backend,
          app,
          r.app.host.median,
          d(r.app.device?.median),
          d(r.app.speedupDeviceOverHost, '×'),
          r.reference.samplesPerSec,
          `${r.speedupOverReference}×`,
          r.matmul.gflops,
          `${r.utilisationPct} %`,
          // The peak's share that twice the reference would take: over 100 %, out of reach here.
          r.twiceReferencePct == null ? '—' : `${r.twiceReferencePct} %`,
          `${r.split.issueMs}/${r.split.waitMs}`,
          `${Math.round(r.split.dispatchShare * 100)} %`,
        ];
      }),
    ]);
  }
  for (const t of training.filter((x) => !x.ok)) console.log(`bench page ${t.backend} FAILED: ${t.error}`);
  if (auto) console.log(`\nautomatic choice: ${auto.ok ? `${auto.name} in ${Math.round(auto.choiceMs)} ms (${auto.reason})` : `FAILED ${auto.error}`}`);
  if (cold) {
    console.log(
      cold.ok
        ? `cold start (${cold.backend}): first paint ${cold.fcpMs} ms, first interactive frame ${cold.firstInteractiveFrameMs} ms, data ready ${cold.dataReadyMs} ms, drawing worker ready ${cold.drawReadyMs} ms; ` +
            `JS before first paint ${cold.jsBeforeFirstPaintGzipKiB} KiB gzipped (${cold.scriptsBeforeFirstPaint.length} scripts); ` +
            `initial JS by manifest ${cold.manifest?.gzipKiB} KiB, ${cold.manifest?.lazyChunks} lazy chunks ${cold.manifest?.lazyGzipKiB} KiB`
        : `cold start: FAILED ${cold.error}`,
    );
  }
  for (const r of draw ?? []) {
    if (r.ok) {
      const miss = r.paused.missed.length + r.training.missed.length;
      console.log(
        `draw → figures (${r.label}): paused p50/p95 ${r.paused.latencyMs.p50}/${r.paused.latencyMs.p95} ms (${r.paused.latencyMs.n} strokes), ` +
          `training ${r.training.latencyMs.p50}/${r.training.latencyMs.p95} ms (${r.training.latencyMs.n} strokes; one step ${r.stepMsBefore} ms)` +
          (miss ? `; ${miss} stroke(s) got no latency within 30 s` : ''),
      );
    }
    else console.log(`draw → figures (${r.label}): FAILED ${r.error}`);
  }
  console.log('');
}

export function printTable(results) {
  const rows = [
    ['backend', 'samples/s', 'shown s/s', 'steps/s', 'first step', 'long tasks', 'max long', 'status'],
    ...results.map((r) =>
      r.ok
        ? [
            r.backend,
            String(r.samplesPerSec),
            String(r.samplesPerSecShown.median ?? '—'),
            String(r.stepsPerSec),
            `${round(r.firstStepMs / 1000, 1)} s`,
            String(r.longTasks.count),
            `${r.longTasks.maxMs} ms`,
            r.warmup.complete ? 'ok' : 'ok (short warm-up)',
          ]
        : [r.backend, '—', '—', '—', r.firstStepMs != null ? `${round(r.firstStepMs / 1000, 1)} s` : '—', '—', '—', `FAILED: ${(r.error ?? '').split('\n')[0].slice(0, 60)}`],
    ),
  ];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  const line = (row) => row.map((cell, c) => (c === 0 || c === row.length - 1 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  console.log('\n' + line(rows[0]));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows.slice(1)) console.log(line(row));
  console.log('');
}
