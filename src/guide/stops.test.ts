import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, rebuildKeysChanged, validateConfig, type Config } from '../core/config';
import { isViewId } from '../app/views';
import { setupConfig } from '../client/guideActions';
import { LIVE_NAMES } from './liveValues';
import { fillLive, placeholders } from './markdown';
import { STOPS, stopFromUrl, type StopSetup } from './stops';
import { STOP_TEXTS } from './stopTexts';

/**
 * The views the stops point at. All exist today (stage views and the 'reparam' panel); a stop
 * moved to a panel the layout adds later ('figures', 'drawing', 'posterior', …) only passes
 * once isViewId knows it.
 */
const dir = join(__dirname, 'stops');

function pretrainedConfig(name: string): Config {
  const json = JSON.parse(readFileSync(join(__dirname, '../../public/pretrained', `${name}.json`), 'utf8')) as { config: unknown };
  const v = validateConfig(json.config);
  if (!v.ok) throw new Error(`pretrained ${name}: ${v.errors[0]?.message}`);
  return v.config;
}

/** The set-ups of the path: every stop's and every experiment's. */
const setups: [string, StopSetup][] = STOPS.flatMap((s) => [
  [s.id, s.setup] as [string, StopSetup],
  ...(s.experiments ?? []).map((x) => [`${s.id}: ${x.label}`, x.setup] as [string, StopSetup]),
]);

describe('the guided path', () => {
  it('has at most ten stops with distinct ids', () => {
    expect(STOPS.length).toBeGreaterThan(0);
    expect(STOPS.length).toBeLessThanOrEqual(10);
    expect(new Set(STOPS.map((s) => s.id)).size).toBe(STOPS.length);
  });

  it('uses every text file under stops/ (no stop lost from the path)', () => {
    expect(readdirSync(dir).filter((f) => f.endsWith('.md')).sort()).toEqual(STOPS.map((s) => s.file).sort());
  });

  it.each(STOPS.map((s) => [s.id, s] as const))('stop %s points at a view that exists', (_, s) => {
    expect(isViewId(s.target), `target "${s.target}"`).toBe(true);
  });

  it.each(STOPS.map((s) => [s.file, { ...s, ...STOP_TEXTS[s.id]! }] as const))('%s: the text file exists, has a title and two to four paragraphs', (file, s) => {
    const path = join(dir, file);
    expect(existsSync(path)).toBe(true);
    expect(readFileSync(path, 'utf8')).toBe(s.source);
    expect(s.title.length).toBeGreaterThan(5);
    const paragraphs = s.blocks.filter((b) => b.kind === 'p').length;
    expect(paragraphs).toBeGreaterThanOrEqual(2);
    expect(paragraphs).toBeLessThanOrEqual(4);
  });

  it.each(STOPS.map((s) => [s.file, STOP_TEXTS[s.id]!] as const))('%s: asks only for known live values and its maths typesets', (_, s) => {
    for (const name of placeholders(s.source)) expect(LIVE_NAMES).toContain(name);
    const sample = Object.fromEntries(LIVE_NAMES.map((n) => [n, '-104.3']));
    const tex = s.blocks.flatMap((b) =>
      b.kind === 'math' ? [b.tex] : (b.kind === 'p' ? [b.inlines] : b.kind === 'list' ? b.items : []).flat().flatMap((i) => (i.kind === 'math' ? [i.tex] : [])),
    );
    expect(tex.length).toBeGreaterThan(0);
    for (const t of tex) expect(() => katex.renderToString(fillLive(t, sample, true), { throwOnError: true })).not.toThrow();
  });

  it.each(setups)('set-up of %s passes the settings validation', (_, setup) => {
    const base = setup.pretrained ? pretrainedConfig(setup.pretrained) : DEFAULT_CONFIG;
    const r = setupConfig(base, setup);
    expect(r.ok, r.ok ? '' : r.message).toBe(true);
    // A stop that loads a trained model must not throw it away by changing its network.
    if (r.ok && setup.pretrained) expect(rebuildKeysChanged(base, r.config)).toEqual([]);
    if (setup.testDigit !== undefined) expect(Number.isInteger(setup.testDigit) && setup.testDigit >= 0 && setup.testDigit < 10000).toBe(true);
  });

  it("describes every experiment in its stop's text, under the button's label", () => {
    for (const s of STOPS) for (const x of s.experiments ?? []) expect(STOP_TEXTS[s.id]!.source).toContain(`**${x.label}**`);
  });

  it('refuses a set-up with a setting out of range, naming it', () => {
    const r = setupConfig(DEFAULT_CONFIG, { settings: { beta: -1 } });
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.message).toMatch(/β/);
  });

  it('reads the stop from ?stop=k or #learn/k, and ignores anything else', () => {
    expect(stopFromUrl('?stop=3', '')).toBe(3);
    expect(stopFromUrl('?J=2&stop=10', '')).toBe(10);
    expect(stopFromUrl('', '#learn/4')).toBe(4);
    expect(stopFromUrl('?stop=0', '')).toBeNull();
    expect(stopFromUrl(`?stop=${STOPS.length + 1}`, '')).toBeNull();
    expect(stopFromUrl('?stop=2x', '')).toBeNull();
    expect(stopFromUrl('', '#learn/')).toBeNull();
  });
});
