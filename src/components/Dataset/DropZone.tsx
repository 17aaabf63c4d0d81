import { useId, useState, type DragEvent } from 'react';

/** Drop files here, or pick files, a folder or a zip. */
export function DropZone({ disabled, onFiles }: { disabled: boolean; onFiles: (files: File[]) => void }) {
  const [over, setOver] = useState(false);
  const filesId = useId();
  const folderId = useId();
  const take = (list: FileList | null) => {
    if (list && list.length > 0) onFiles(Array.from(list));
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    if (!disabled) take(e.dataTransfer.files);
  };
  return (
    <div
      className={`dataset-drop${over ? ' over' : ''}`}
      onDragOver={(e) => (e.preventDefault(), setOver(true))}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      aria-label="Drop zone for your images"
      role="group"
    >
      <p>Drop images (PNG, JPEG, WebP, GIF, BMP), a zip of them (sub-folders become labels), IDX, NumPy .npy or CSV files here, or choose them:</p>
      <label htmlFor={filesId}>Files or a zip</label>{' '}
      <input
        id={filesId}
        type="file"
        multiple
        disabled={disabled}
        accept=".png,.jpg,.jpeg,.webp,.gif,.bmp,.zip,.npy,.csv,.txt,.idx,.gz,.ubyte"
        onChange={(e) => (take(e.target.files), (e.target.value = ''))}
      />{' '}
      <label htmlFor={folderId}>A folder</label>{' '}
      <input
        id={folderId}
        type="file"
        disabled={disabled}
        // A folder picker: sub-folders become labels.
        {...{ webkitdirectory: '' }}
        onChange={(e) => (take(e.target.files), (e.target.value = ''))}
      />
    </div>
  );
}
