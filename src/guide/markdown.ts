/**
 * The little Markdown the guide's stops are written in, parsed into plain data (the component
 * turns it into elements; nothing here touches the DOM or takes HTML from the text):
 * - `# Title` on the first line: the stop's title;
 * - blocks separated by blank lines: a paragraph, a list (every line starts with "- "), or
 *   display maths between `$$` lines;
 * - inline: `$…$` maths (KaTeX), `**strong**`, `*emphasis*`, `` `code` ``;
 * - `{{name}}` anywhere: a live value filled in when the stop is shown (see fillLive).
 */

export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'strong'; text: string }
  | { kind: 'em'; text: string }
  | { kind: 'code'; text: string }
  | { kind: 'math'; tex: string };

export type Block = { kind: 'p'; inlines: Inline[] } | { kind: 'list'; items: Inline[][] } | { kind: 'math'; tex: string };

export interface StopText {
  title: string;
  blocks: Block[];
}

/** Inline spans: maths first (so `*` inside maths is maths), then code, strong, emphasis. */
const INLINE = /\$([^$]+)\$|`([^`]+)`|\*\*([^*]+)\*\*|\*([^*\s][^*]*)\*/g;

export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    if (m.index > last) out.push({ kind: 'text', text: text.slice(last, m.index) });
    if (m[1] !== undefined) out.push({ kind: 'math', tex: m[1] });
    else if (m[2] !== undefined) out.push({ kind: 'code', text: m[2] });
    else if (m[3] !== undefined) out.push({ kind: 'strong', text: m[3] });
    else out.push({ kind: 'em', text: m[4]! });
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push({ kind: 'text', text: text.slice(last) });
  return out;
}

/** Parses a stop's text; throws when the title line is missing or a `$$` block is not closed. */
export function parseStop(source: string): StopText {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const first = lines.findIndex((l) => l.trim() !== '');
  const head = first >= 0 ? lines[first]!.match(/^#\s+(.+)$/) : null;
  if (!head) throw new Error('a stop starts with a "# Title" line');
  const blocks: Block[] = [];
  let para: string[] = [];
  const flush = () => {
    if (para.length === 0) return;
    if (para.every((l) => l.startsWith('- '))) blocks.push({ kind: 'list', items: para.map((l) => parseInline(l.slice(2).trim())) });
    else blocks.push({ kind: 'p', inlines: parseInline(para.join(' ')) });
    para = [];
  };
  for (let i = first + 1; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '$$') {
      flush();
      const end = lines.findIndex((l, j) => j > i && l.trim() === '$$');
      if (end < 0) throw new Error(`display maths opened on line ${i + 1} is not closed`);
      blocks.push({ kind: 'math', tex: lines.slice(i + 1, end).join('\n').trim() });
      i = end;
    } else if (line === '') flush();
    else para.push(line);
  }
  flush();
  return { title: head[1]!.trim(), blocks };
}

const PLACEHOLDER = /\{\{\s*(\w+)\s*\}\}/g;

/** The live values a text asks for, by name. */
export function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

/**
 * Fills `{{name}}` with values[name]. In maths (`tex` true) a value is set as TeX: a number
 * as it is (thousands separators braced, so KaTeX does not space them), anything else as
 * \text{…}; an unknown name becomes "?" (as text).
 */
export function fillLive(text: string, values: Record<string, string>, tex: boolean): string {
  return text.replace(PLACEHOLDER, (_, name: string) => {
    const v = values[name] ?? '?';
    if (!tex) return v;
    return /^-?[\d,]+(\.\d+)?$/.test(v) ? v.replace(/,/g, '{,}') : `\\text{${v.replace(/[\\{}$&#^_%~]/g, '')}}`;
  });
}
