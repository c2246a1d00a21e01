/** Hands a file to the browser as a download (the page's only way to "save as"). */
export function saveFile(file: Blob, name: string): void {
  const url = URL.createObjectURL(file);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started reading the URL by now; revoking later keeps slow disks safe.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
