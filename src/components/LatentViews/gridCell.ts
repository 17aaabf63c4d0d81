/**
 * "z1 = −0.43, z2 = 1.20": the code decoded in cell (r, c) of the manifold grid. Columns run
 * along `coords` left to right; rows run top to bottom from the largest coordinate (the
 * vertical axis points up). A grid of one row (J = 1) has no vertical dimension.
 */
export function gridCellText(d: { coords: readonly number[]; dimX: number; dimY: number; rows: number }, r: number, c: number): string {
  const f = (v: number) => v.toFixed(2).replace('-', '−');
  const x = `z${d.dimX + 1} = ${f(d.coords[c]!)}`;
  return d.dimY >= 0 && d.rows > 1 ? `${x}, z${d.dimY + 1} = ${f(d.coords[d.rows - 1 - r]!)}` : x;
}
