import { useId, useState, type DragEvent } from 'react';
import { droppedFiles, type DroppedFile } from './droppedFiles';

/** Drop files here, or pick files, a folder or a zip. */
export function DropZone({ disabled, onFiles }: { disabled: boolean; onFiles: (files: DroppedFile[]) => void }) {
  const [over, setOver] = useState(false);
  const filesId = useId();
  const folderId = useId();
  const take = (list: FileList | null) => {
    // A picked folder's files carry their path inside it.
    if (list && list.length > 0) onFiles(Array.from(list, (file) => ({ path: file.webkitRelativePath || file.name, file })));
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    if (disabled) return;
    // The entries must be taken before the handler returns (the drop's data goes after it).
    const files = droppedFiles(e.dataTransfer);
    void files.then((f) => f.length > 0 && onFiles(f));
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
      <p>Drop images, a folder of them (PNG, JPEG, WebP, GIF, BMP), a zip of them (sub-folders become labels), IDX, NumPy .npy or CSV files here, or choose them:</p>
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
