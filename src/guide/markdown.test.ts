import { describe, expect, it } from 'vitest';
import { fillLive, parseInline, parseStop, placeholders } from './markdown';

describe('the guide markdown', () => {
  it('reads the title, paragraphs, lists and display maths', () => {
    const t = parseStop('# A title\n\nOne line\nand its continuation.\n\n- first\n- second $x$\n\n$$\na = b\n$$\nAfter.\n');
    expect(t.title).toBe('A title');
    expect(t.blocks).toEqual([
      { kind: 'p', inlines: [{ kind: 'text', text: 'One line and its continuation.' }] },
      { kind: 'list', items: [[{ kind: 'text', text: 'first' }], [{ kind: 'text', text: 'second ' }, { kind: 'math', tex: 'x' }]] },
      { kind: 'math', tex: 'a = b' },
      { kind: 'p', inlines: [{ kind: 'text', text: 'After.' }] },
    ]);
  });

  it('splits inline maths, code, strong and emphasis; a star inside maths stays maths', () => {
    expect(parseInline('a $q^*(z)$ b **bold** *em* `c`')).toEqual([
      { kind: 'text', text: 'a ' },
      { kind: 'math', tex: 'q^*(z)' },
      { kind: 'text', text: ' b ' },
      { kind: 'strong', text: 'bold' },
      { kind: 'text', text: ' ' },
      { kind: 'em', text: 'em' },
      { kind: 'text', text: ' ' },
      { kind: 'code', text: 'c' },
    ]);
  });

  it('refuses a text without a title or with unclosed maths', () => {
    expect(() => parseStop('no title')).toThrow(/Title/);
    expect(() => parseStop('# T\n\n$$\nx')).toThrow(/not closed/);
  });

  it('fills live values: numbers as TeX numbers, anything else as text, unknown names as ?', () => {
    const v = { a: '-104.3', b: '1,234.5', c: '—' };
    expect(placeholders('{{a}} + {{ b }} + {{a}}')).toEqual(['a', 'b']);
    expect(fillLive('{{a}} = {{b}} - {{c}} {{d}}', v, true)).toBe('-104.3 = 1{,}234.5 - \\text{—} \\text{?}');
    expect(fillLive('ELBO {{a}}, KL {{c}}', v, false)).toBe('ELBO -104.3, KL —');
  });
});
