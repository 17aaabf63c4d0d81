/** Term and value pairs inside a <dl>: how every live figure is shown, readable as text. */
export function TermRows({ rows }: { rows: readonly (readonly [string, string])[] }) {
  return (
    <>
      {rows.map(([term, value]) => (
        <div key={term} className="figure-row">
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </>
  );
}
