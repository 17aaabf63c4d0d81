import { ImportError, MAX_IMAGES, splitImages, toGrayBytes, type RawImage } from './types';

const LABEL_HEADERS = ['label', 'labels', 'class', 'y', 'target', 'digit'];

function isSquare(d: number): boolean {
  const s = Math.round(Math.sqrt(d));
  return d > 0 && s * s === d;
}

/**
 * CSV with one image a row (comma, semicolon or tab separated). An optional header row (a
 * word where the next row has a number) is skipped. The label column is detected: a header named label/class/y/…,
 * or, without one, the first column when the row has D + 1 cells with D a square (785 = 1 + 784).
 * Rows of D cells, D a square, are √D × √D images without labels.
 */
export function readCsv(text: string, name: string): RawImage[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim().length > 0);
  if (lines.length === 0) throw new ImportError(`${name}: the file is empty`);
  const sep = lines[0]!.includes(',') ? ',' : lines[0]!.includes(';') ? ';' : '\t';
  let rows = lines.map((l) => l.split(sep).map((c) => c.trim()));
  let labelCol = -1;
  const header = rows[0]!;
  const notNumber = (c: string | undefined) => c === undefined || c === '' || Number.isNaN(Number(c));
  // A header has a word where the next row has a number (a label column has words in every row).
  const second = rows[1];
  if (header.some((c, j) => notNumber(c) && (second ? !notNumber(second[j]) : j > 0))) {
    labelCol = header.findIndex((c) => LABEL_HEADERS.includes(c.toLowerCase().replace(/^"|"$/g, '')));
    rows = rows.slice(1);
    if (rows.length === 0) throw new ImportError(`${name}: only a header row, no images`);
  }
  const cols = rows[0]!.length;
  if (labelCol < 0 && !isSquare(cols) && isSquare(cols - 1)) labelCol = 0;
  const d = labelCol >= 0 ? cols - 1 : cols;
  if (!isSquare(d)) throw new ImportError(`${name}: ${cols} columns per row is not a square image (e.g. 784 = 28×28, with or without a label column)`);
  const n = rows.length;
  if (n > MAX_IMAGES) throw new ImportError(`${name}: ${n} images is more than the ${MAX_IMAGES} a data set may hold`);
  const values = new Float64Array(n * d);
  const labels: string[] = [];
  const rowOffset = lines.length - n + 1; // line number of the first data row
  rows.forEach((r, i) => {
    if (r.length !== cols) throw new ImportError(`${name}: line ${i + rowOffset} has ${r.length} cells, the first row has ${cols}`);
    let k = 0;
    r.forEach((c, j) => {
      if (j === labelCol) {
        labels.push(c);
        return;
      }
      const v = Number(c);
      if (c === '' || Number.isNaN(v)) throw new ImportError(`${name}: line ${i + rowOffset}, column ${j + 1}: "${c}" is not a number`);
      values[i * d + k++] = v;
    });
  });
  const side = Math.round(Math.sqrt(d));
  return splitImages(toGrayBytes(values, name), n, side, side, name, labelCol >= 0 ? labels : null);
}
