/**
 * Saves a Blob as a file through a temporary object URL and a download link: works the same in
 * Electron and in a browser on the local server (no media route needed for data made here).
 */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Saves a canvas (a chart) as a PNG file. */
export function downloadCanvas(canvas: HTMLCanvasElement, fileName: string): Promise<void> {
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => {
      if (!blob) return reject(new Error('The chart could not be turned into an image.'));
      downloadBlob(blob, fileName);
      resolve();
    }, 'image/png');
  });
}
