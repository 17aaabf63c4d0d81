/// <reference types="vite/client" />
import { parseStop, type StopText } from './markdown';
import { STOPS } from './stops';

/**
 * The stops' texts, parsed: loaded with the panel's body (a lazy chunk), not with the page.
 * Every Markdown file under stops/ is bundled; a stop whose file is missing or malformed
 * fails here, naming the file.
 */
const SOURCES = import.meta.glob<string>('./stops/*.md', { query: '?raw', import: 'default', eager: true });

export interface LoadedStopText extends StopText {
  source: string;
}

export const STOP_TEXTS: Record<string, LoadedStopText> = Object.fromEntries(
  STOPS.map((s) => {
    const source = SOURCES[`./stops/${s.file}`];
    if (source === undefined) throw new Error(`guide stop ${s.id}: no text file stops/${s.file}`);
    try {
      return [s.id, { source, ...parseStop(source) }];
    } catch (e) {
      throw new Error(`guide stop ${s.file}: ${(e as Error).message}`);
    }
  }),
);
