/**
 * The import rules hold: a deliberate violation of each fails the linter (eslint.config.js) or
 * the dependency check (.dependency-cruiser.cjs), and the allowed forms pass. The snippets are
 * linted in memory at the path they would have; the dependency check runs on small fixtures
 * in a temporary folder laid out like src/.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const eslint = new ESLint({ cwd: root });

/** The import-rule messages ESLint gives `code` placed at `path` (relative to the repository). */
async function importProblems(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, path) });
  return result!.messages.filter((m) => m.ruleId?.endsWith('no-restricted-imports')).map((m) => m.message);
}

describe('lint rules on imports', () => {
  it('components never import tfjs, worker code or core tensor modules', async () => {
    const at = 'src/components/Probe/Probe.tsx';
    expect(await importProblems(at, "import * as tf from '@tensorflow/tfjs-core';\nexport const n = tf.memory;\n")).toHaveLength(1);
    expect(await importProblems(at, "import { createSession } from '../../worker/session';\nexport const s = createSession;\n")).toHaveLength(1);
    expect(await importProblems(at, "import { VAE } from '../../core/model';\nexport const m = VAE;\n")).toHaveLength(1);
    // Allowed: types of any core module, values of the tensor-free ones.
    expect(await importProblems(at, "import type { VAE } from '../../core/model';\nexport type M = VAE;\n")).toEqual([]);
    expect(await importProblems(at, "import { SETTINGS } from '../../core/config';\nexport const s = SETTINGS;\n")).toEqual([]);
  });

  it('the store never imports the client', async () => {
    const problems = await importProblems('src/store/probe.ts', "import { startTraining } from '../client/actions';\nexport const s = startTraining;\n");
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/client/);
  });

  it('core never imports data, and data never imports core', async () => {
    expect(await importProblems('src/core/probe.ts', "import { MNIST_SIDE } from '../data/preprocess';\nexport const s = MNIST_SIDE;\n")).toHaveLength(1);
    expect(await importProblems('src/data/probe.ts', "import type { Config } from '../core/config';\nexport type C = Config;\n")).toHaveLength(1);
    expect(await importProblems('src/data/probe.ts', "import { mulberry32 } from '../shared/rng';\nexport const r = mulberry32;\n")).toEqual([]);
  });

  it('the tensor-free core modules the page imports import no tensor code', async () => {
    expect(await importProblems('src/core/config.ts', "import * as tf from './tf';\nexport const t = tf;\n")).toHaveLength(1);
    expect(await importProblems('src/core/config.ts', "import { reparameterize } from './distributions';\nexport const r = reparameterize;\n")).toHaveLength(1);
    expect(await importProblems('src/core/config.ts', "import type { VAE } from './model';\nexport type M = VAE;\n")).toEqual([]);
  });

  it('protocol imports types only', async () => {
    expect(await importProblems('src/protocol/probe.ts', "import { SETTINGS } from '../core/config';\nexport const s = SETTINGS;\n")).toHaveLength(1);
    expect(await importProblems('src/protocol/probe.ts', "import type { Config } from '../core/config';\nexport type C = Config;\n")).toEqual([]);
  });
});

describe('dependency check', () => {
  const fixtures = mkdtempSync(join(tmpdir(), 'vae-deps-'));
  afterAll(() => rmSync(fixtures, { recursive: true, force: true }));

  /** Lays out `files` (path → source) under a fresh folder and runs the project's dependency check on its src/. */
  async function check(name: string, files: Record<string, string>): Promise<{ ok: boolean; output: string }> {
    const dir = join(fixtures, name);
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    const bin = join(root, 'node_modules', '.bin', 'depcruise');
    try {
      const { stdout } = await promisify(execFile)(bin, ['src', '--config', join(root, '.dependency-cruiser.cjs'), '--output-type', 'err'], { cwd: dir });
      return { ok: true, output: stdout };
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string };
      return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
    }
  }

  it('finds an import cycle, and ignores one made only of type imports', async () => {
    const cycle = await check('cycle', {
      'src/core/a.ts': "import { b } from './b';\nexport const a = () => b;\n",
      'src/core/b.ts': "import { a } from './a';\nexport const b = () => a;\n",
    });
    expect(cycle.ok).toBe(false);
    expect(cycle.output).toMatch(/no-cycle/);

    const typesOnly = await check('types', {
      'src/core/a.ts': "import type { B } from './b';\nexport interface A { b?: B }\nexport const a = 1;\n",
      'src/core/b.ts': "import type { A } from './a';\nexport interface B { a?: A }\nexport const b = 2;\n",
    });
    expect(typesOnly).toEqual({ ok: true, output: expect.any(String) });
  });

  it('finds the page reaching tensor code through a chain of imports', async () => {
    const reach = await check('reach', {
      'src/components/View.tsx': "import { helper } from '../store/helper';\nexport const View = () => helper;\n",
      'src/store/helper.ts': "import { t } from '../core/tf';\nexport const helper = t;\n",
      'src/core/tf.ts': 'export const t = 1;\n',
    });
    expect(reach.ok).toBe(false);
    expect(reach.output).toMatch(/page-never-reaches-tfjs/);
  });
});
