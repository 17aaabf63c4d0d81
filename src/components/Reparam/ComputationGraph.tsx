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
      viewBox="0 0 640 170"
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
      {box(10, 50, 40, 'x')}
      {box(80, 50, 110, 'encoder q_φ', 'cg-node cg-param')}
      {box(230, 20, 60, 'μ')}
      {box(230, 80, 60, 'σ')}
      {box(230, 130, 110, 'ε ~ N(0, I)', 'cg-node cg-noise')}
      {box(340, 50, 110, 'z = μ + σ ⊙ ε')}
      {box(480, 50, 110, 'decoder p_θ', 'cg-node cg-param')}
      {/* forward */}
      <line x1={50} y1={65} x2={78} y2={65} className="cg-edge" markerEnd="url(#cg-arrow)" />
      <line x1={190} y1={58} x2={228} y2={37} className="cg-edge" markerEnd="url(#cg-arrow)" />
      <line x1={190} y1={72} x2={228} y2={93} className="cg-edge" markerEnd="url(#cg-arrow)" />
      <line x1={290} y1={35} x2={340} y2={55} className="cg-edge" markerEnd="url(#cg-arrow)" />
      <line x1={290} y1={95} x2={340} y2={75} className="cg-edge" markerEnd="url(#cg-arrow)" />
      <line x1={320} y1={130} x2={370} y2={82} className="cg-edge cg-noise-edge" markerEnd="url(#cg-arrow)" />
      <line x1={450} y1={65} x2={478} y2={65} className="cg-edge" markerEnd="url(#cg-arrow)" />
      <line x1={590} y1={65} x2={630} y2={65} className="cg-edge" markerEnd="url(#cg-arrow)" />
      <text x={598} y={55} className="cg-small">p(x|z)</text>
      {/* gradient, backwards */}
      <path d="M 530 46 C 500 6, 420 6, 398 46" className="cg-grad" markerEnd="url(#cg-grad)" />
      <path d="M 360 46 C 340 14, 310 10, 292 18" className="cg-grad" markerEnd="url(#cg-grad)" />
      <path d="M 360 84 C 340 110, 310 112, 292 104" className="cg-grad" markerEnd="url(#cg-grad)" />
      <path d="M 232 22 C 200 0, 160 10, 140 46" className="cg-grad" markerEnd="url(#cg-grad)" />
      <text x={430} y={12} className="cg-small cg-grad-text">∇ flows back through z</text>
      <text x={350} y={160} className="cg-small cg-noise-text">ε: outside input, no gradient</text>
    </svg>
  );
}
