/**
 * FNV-1a (32-bit) over byte arrays, one after another: h₀ = 0x811c9dc5, and for each byte b,
 * h ← (h XOR b) · 0x01000193 mod 2³². Identifies a data set by its content (images and labels),
 * as 8 hex digits.
 */
export function fnv1a(parts: readonly Uint8Array[]): string {
  let h = 0x811c9dc5;
  for (const bytes of parts) {
    for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}
