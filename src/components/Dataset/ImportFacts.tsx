import type { ImportSummary } from '../../protocol/import';

const pct = (x: number) => `${Math.round(100 * x)} %`;

/** What the import found and proposes, as a list of term and value. */
export function ImportFacts({ s }: { s: ImportSummary }) {
  const sizes = Object.entries(s.sizes);
  return (
    <dl className="dataset-facts">
      <dt>Images</dt>
      <dd>
        {s.n.toLocaleString('en-US')}: {s.nTrain.toLocaleString('en-US')} to train on, {s.nTest.toLocaleString('en-US')} to test (a seeded 90/10 split)
      </dd>
      <dt>Sizes</dt>
      <dd>
        {sizes
          .slice(0, 4)
          .map(([k, n]) => `${k} (${n.toLocaleString('en-US')})`)
          .join(', ')}
        {sizes.length > 4 ? `, and ${sizes.length - 4} more` : ''}
        {s.mixed ? '; mixed sizes: each image was resized to 28×28' : ''}
      </dd>
      <dt>Values in the files</dt>
      <dd>
        {s.valueRange.min} to {s.valueRange.max} (of 0 to 255)
      </dd>
      <dt>Labels</dt>
      <dd>
        {s.classNames.length === 0
          ? 'none (the map is drawn in one colour)'
          : s.classNames.map((c, i) => `${c} (${s.classCounts[i]!.toLocaleString('en-US')})`).join(', ')}
        {s.labelNote ? `; ${s.labelNote}` : ''}
      </dd>
      <dt>Background</dt>
      <dd>
        {pct(s.lightShare)} of the images have a light border; {s.proposedInvert ? 'inverting is proposed (the model wants ink on black)' : 'no inversion proposed'}
      </dd>
      <dt>Proposed decoder</dt>
      <dd>
        {s.decoder === 'bernoulli' ? 'Bernoulli' : 'Gaussian'}: {pct(s.greyShare)} of the ink pixels are grey (0.25 to 0.75; Bernoulli below 35 %)
      </dd>
      <dt>Proposed latent size</dt>
      <dd>J = {s.latent}</dd>
      <dt>Content hash</dt>
      <dd>
        <code>{s.hash}</code>
      </dd>
    </dl>
  );
}
