import { Fragment } from 'react';
import { fillLive, type Block, type Inline } from '../../guide/markdown';
import { Tex } from '../Reparam/Tex';

/** A stop's text, its live values filled in (maths typeset by KaTeX, bundled fonts). */
function Inlines({ inlines, live }: { inlines: Inline[]; live: Record<string, string> }) {
  return (
    <>
      {inlines.map((n, i) => {
        switch (n.kind) {
          case 'math':
            return <Tex key={i} tex={fillLive(n.tex, live, true)} />;
          case 'strong':
            return <strong key={i}>{fillLive(n.text, live, false)}</strong>;
          case 'em':
            return <em key={i}>{fillLive(n.text, live, false)}</em>;
          case 'code':
            return <code key={i}>{n.text}</code>;
          default:
            return <Fragment key={i}>{fillLive(n.text, live, false)}</Fragment>;
        }
      })}
    </>
  );
}

export function GuideText({ blocks, live }: { blocks: Block[]; live: Record<string, string> }) {
  return (
    <>
      {blocks.map((b, i) => {
        if (b.kind === 'math') {
          const isLive = /\{\{\s*\w+\s*\}\}/.test(b.tex);
          return (
            <div key={i} className={isLive ? 'guide-math guide-live' : 'guide-math'} {...(isLive ? { 'data-live': 'equation' } : {})}>
              <Tex tex={fillLive(b.tex, live, true)} display />
            </div>
          );
        }
        if (b.kind === 'list') {
          return (
            <ul key={i}>
              {b.items.map((item, j) => (
                <li key={j}>
                  <Inlines inlines={item} live={live} />
                </li>
              ))}
            </ul>
          );
        }
        return (
          <p key={i}>
            <Inlines inlines={b.inlines} live={live} />
          </p>
        );
      })}
    </>
  );
}
