/**
 * The computation of z = μ + σ ⊙ ε as a graph: x → encoder → μ, σ; ε ~ N(0, I) enters from
 * outside; z → decoder → p(x|z). The gradient of the objective flows back from the decoder
 * through z into μ and σ and on into the encoder's weights φ (blue, dashed arrows); ε is a
 * constant input with no parameters and no gradient path.
 */
export function ComputationGraph() {
  const box = (x: number, y: number, w: number, label: string, cls = 'cg-node') => (
    <g>
      <rect x={x} y={y} width={w} height={30} rx={6} className={cls} />
      <text x={x + w / 2} y={y + 19} textAnchor="middle" className="cg-text">
        {label}
      </text>
    </g>
  );
  return (
    <svg
      className="comp-graph"
      viewBox="0 0 680 185"
      role="img"
      aria-label="Computation graph: x goes through the encoder to μ and σ; ε from N(0, I) comes from outside; z = μ + σ ⊙ ε goes through the decoder to p(x|z). The gradient flows back through z into μ and σ and the encoder; ε gets no gradient."
    >
      <title>Computation graph of the reparameterization trick, with the gradient path</title>
      <defs>
        <marker id="cg-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
          <path d="M0,0 L10,5 L0,10 z" className="cg-arrowhead" />
        </marker>
        <marker id="cg-grad" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
          <path d="M0,0 L10,5 L0,10 z" className="cg-gradhead" />
        </marker>
      </defs>
      {box(10, 60, 40, 'x')}
      {box(75, 60, 110, 'encoder q_φ', 'cg-node cg-param')}
      {box(225, 15, 60, 'μ')}
      {box(225, 105, 60, 'σ')}
      {box(340, 60, 120, 'z = μ + σ ⊙ ε')}
      {box(340, 148, 120, 'ε ~ N(0, I)', 'cg-node cg-noise')}
      {box(495, 60, 105, 'decoder p_θ', 'cg-node cg-param')}
      {/* forward */}
      <line x1={50} y1={75} x2={73} y2={75} className="cg-edge" markerEnd="url(#cg-arrow)" />
      <line x1={185} y1={68} x2={223} y2={36} className="cg-edge" markerEnd="url(#cg-arrow)" />
      <line x1={185} y1={82} x2={223} y2={114} className="cg-edge" markerEnd="url(#cg-arrow)" />
      <line x1={285} y1={30} x2={338} y2={68} className="cg-edge" markerEnd="url(#cg-arrow)" />
      <line x1={285} y1={120} x2={338} y2={82} className="cg-edge" markerEnd="url(#cg-arrow)" />
      <line x1={400} y1={148} x2={400} y2={92} className="cg-edge cg-noise-edge" markerEnd="url(#cg-arrow)" />
      <line x1={460} y1={75} x2={493} y2={75} className="cg-edge" markerEnd="url(#cg-arrow)" />
      <line x1={600} y1={75} x2={632} y2={75} className="cg-edge" markerEnd="url(#cg-arrow)" />
      <text x={600} y={64} className="cg-small">p(x|z)</text>
      {/* gradient, backwards */}
      <path d="M 547 58 Q 500 30 442 57" className="cg-grad" markerEnd="url(#cg-grad)" />
      <path d="M 362 58 Q 330 18 289 22" className="cg-grad" markerEnd="url(#cg-grad)" />
      <path d="M 362 92 Q 330 134 289 128" className="cg-grad" markerEnd="url(#cg-grad)" />
      <path d="M 224 20 Q 168 8 150 57" className="cg-grad" markerEnd="url(#cg-grad)" />
      <path d="M 224 130 Q 168 142 150 93" className="cg-grad" markerEnd="url(#cg-grad)" />
      <text x={470} y={24} className="cg-small cg-grad-text">gradient ∇φ flows back through z, μ, σ</text>
      <text x={468} y={168} className="cg-small cg-noise-text">ε: outside input, no gradient</text>
    </svg>
  );
}
