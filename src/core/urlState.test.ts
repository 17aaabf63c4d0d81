import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, SETTINGS, type Config, type SettingKey } from './config';
import { PRESETS } from './presets';
import { configFromSearch, configToParams, URL_KEYS } from './urlState';

/** A valid non-default value for each setting. */
const OTHER: Config = {
  dataset: 'fashion',
  latentDim: 2,
  hidden: [256, 128],
  activation: 'tanh',
  init: 'normal-0.01',
  decoder: 'gaussian',
  seed: 12345,
  optimizer: 'sgd',
  learningRate: 0.0005,
  momentum: 0.5,
  batchSize: 100,
  samplesL: 3,
  estimator: 'A',
  beta: 4,
  klWarmupSteps: 1000,
  lrDecaySteps: 9375,
  weightDecay: 1 / 60000,
  decoderWeights: 'variational',
  weightPriorStd: 0.5,
  weightInitStd: 0.001,
};

describe('config in the URL', () => {
  it('round-trips every field (config → URL → config is the identity)', () => {
    for (const k of Object.keys(SETTINGS) as SettingKey[]) {
      const one = { ...DEFAULT_CONFIG, [k]: OTHER[k] } as Config;
      const back = configFromSearch('?' + configToParams(one).toString());
      expect(back.notices, k).toEqual([]);
      expect(back.config, k).toEqual(one);
    }
    const all = configFromSearch(configToParams(OTHER).toString());
    expect(all.config).toEqual(OTHER);
    for (const p of PRESETS) expect(configFromSearch(configToParams(p.config).toString()).config).toEqual(p.config);
  });

  it('writes only what differs from the defaults', () => {
    expect(configToParams(DEFAULT_CONFIG).toString()).toBe('');
    expect(configToParams({ ...DEFAULT_CONFIG, learningRate: 0.01 }).toString()).toBe('lr=0.01');
  });

  it('ignores invalid values with a notice naming the field, keeping the defaults', () => {
    const cases: [string, SettingKey][] = [
      ['lr=abc', 'learningRate'],
      ['lr=', 'learningRate'],
      ['lr=1e9', 'learningRate'],
      ['M=0', 'batchSize'],
      ['M=12.5', 'batchSize'],
      ['J=-4', 'latentDim'],
      ['hidden=512-x', 'hidden'],
      ['act=swish', 'activation'],
      ['est=C', 'estimator'],
      ['beta=NaN', 'beta'],
      ['seed=Infinity', 'seed'],
    ];
    for (const [q, k] of cases) {
      const r = configFromSearch('?' + q + '&backend=webgl');
      expect(r.config, q).toEqual(DEFAULT_CONFIG);
      expect(r.notices, q).toHaveLength(1);
      expect(r.notices[0], q).toContain(URL_KEYS[k]);
      expect(r.notices[0], q).toContain(SETTINGS[k].label.split(' ')[0]!);
    }
  });

  it('refuses settings valid alone but not together (IWAE with a variational decoder): the estimator stays, with a notice', () => {
    const r = configFromSearch('?est=iwae&theta=variational&L=5');
    expect(r.config).toEqual({ ...DEFAULT_CONFIG, decoderWeights: 'variational', samplesL: 5 });
    expect(r.notices).toEqual([expect.stringMatching(/^Ignored est="iwae" from the address \(Estimator IWAE needs point-estimate decoder weights.*\); using B\.$/)]);
    expect(configFromSearch('?est=iwae&L=5').config).toEqual({ ...DEFAULT_CONFIG, estimator: 'iwae', samplesL: 5 });
    const big = configFromSearch('?est=iwae&L=64&M=1024');
    expect(big.config).toEqual({ ...DEFAULT_CONFIG, estimator: 'iwae', batchSize: 1024 });
    expect(big.notices).toEqual([expect.stringMatching(/^Ignored L="64" from the address \(Batch size M × samples L must be at most 32,768.*\); using 1\.$/)]);
  });

  it('keeps the valid parameters of a partly bad URL', () => {
    const r = configFromSearch('?lr=0.002&M=-1&act=tanh');
    expect(r.config).toEqual({ ...DEFAULT_CONFIG, learningRate: 0.002, activation: 'tanh' });
    expect(r.notices).toHaveLength(1);
  });

  it('never throws on random garbage', () => {
    let seed = 1;
    const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const alphabet = 'abcJMlr=&?%#-_.0123456789eE+ \u00e9\u{1F600}';
    for (let i = 0; i < 500; i++) {
      let q = '';
      const n = Math.floor(rnd() * 60);
      for (let j = 0; j < n; j++) q += [...alphabet][Math.floor(rnd() * [...alphabet].length)];
      const r = configFromSearch(q);
      expect(Object.keys(r.config).sort()).toEqual(Object.keys(DEFAULT_CONFIG).sort());
    }
  });
});

describe('address parameters that are not used as they stand', () => {
  it('names unknown parameters in one notice and keeps the settings', () => {
    const r = configFromSearch('?lr=0.002&foo=1&bar=&backend=wasm&drawworker=off');
    expect(r.config).toEqual({ ...DEFAULT_CONFIG, learningRate: 0.002 });
    expect(r.notices).toEqual(['Ignored the address parameters "foo", "bar": not a setting or option of this page.']);
  });
  it('says a setting given twice uses the first value', () => {
    const r = configFromSearch('?J=5&J=7');
    expect(r.config.latentDim).toBe(5);
    expect(r.notices).toEqual(['The address gives J 2 times ("5", "7"); only the first is used, the others are ignored.']);
  });
  it('lists at most five unknown names, shortened, and counts the rest', () => {
    const q = '?' + ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((k) => `${k}=1`).join('&') + `&${'z'.repeat(40)}=1`;
    const r = configFromSearch(q);
    expect(r.notices).toHaveLength(1);
    expect(r.notices[0]).toContain('"a", "b", "c", "d", "e" and 3 more');
  });
  it('says nothing for a clean address with the page’s other options', () => {
    expect(configFromSearch('?backend=webgl&pretrained=none&testhooks=1&drawworker=off&M=64&tab=runs&stop=2&threads=2&mcmc=hmc-4').notices).toEqual([]);
  });
});
