/** Offers `data` as a file download (nothing leaves the page: the file is made here). */
export function downloadBlob(data: BlobPart, fileName: string, type: string): void {
  const url = URL.createObjectURL(data instanceof Blob ? data : new Blob([data], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  // The download has started from the URL; release it a little later.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
