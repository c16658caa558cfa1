// Files dropped on a part of the page. Inner zones (a file field's label) keep their drops
// from the zone around them (the range-test section, which opens curve files).

/**
 * Calls `take` with the files dropped on `zone`; a drop of anything else is left alone.
 *
 * @example
 * acceptDrops(byId('finder'), (files) => openCurve(files[0]));
 */
export function acceptDrops(zone: HTMLElement, take: (files: File[]) => void): void {
  zone.addEventListener('dragover', (e) => {
    if (e.dataTransfer?.types.includes('Files')) e.preventDefault();
  });
  zone.addEventListener('drop', (e) => {
    const files = [...(e.dataTransfer?.files ?? [])];
    if (files.length === 0) return;
    e.preventDefault();
    e.stopPropagation();
    take(files);
  });
}
