/**
 * Drag a file anywhere on the page to open it. Listens on the window (capture phase), so a drop
 * on the editor or the grid opens the database instead of being swallowed by them.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { isDelimitedTextFile } from '../../state/import-slice';
import { useAppStore } from '../../state/store';

function carriesFiles(event: DragEvent): boolean {
  return Array.from(event.dataTransfer?.types ?? []).includes('Files');
}

export function DropZone({ children }: { children: ReactNode }) {
  const openFile = useAppStore((s) => s.openFile);
  const prepareCsvImport = useAppStore((s) => s.prepareCsvImport);
  const [dragging, setDragging] = useState(false);

  useEffect(() => {
    // dragenter/dragleave fire for every child crossed; a depth count tells when it truly left.
    let depth = 0;
    const onEnter = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      depth++;
      setDragging(true);
    };
    const onOver = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    };
    const onLeave = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const onDrop = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      event.stopPropagation();
      depth = 0;
      setDragging(false);
      const files = Array.from(event.dataTransfer?.files ?? []);
      // CSV/TSV files go to the import preview (all of them: several make several tables);
      // anything else is opened as a SQLite file, which says so if it is not one.
      const delimited = files.filter(isDelimitedTextFile);
      if (delimited.length > 0) void prepareCsvImport(delimited);
      else if (files[0]) void openFile(files[0], 'file');
    };
    window.addEventListener('dragenter', onEnter, true);
    window.addEventListener('dragover', onOver, true);
    window.addEventListener('dragleave', onLeave, true);
    window.addEventListener('drop', onDrop, true);
    return () => {
      window.removeEventListener('dragenter', onEnter, true);
      window.removeEventListener('dragover', onOver, true);
      window.removeEventListener('dragleave', onLeave, true);
      window.removeEventListener('drop', onDrop, true);
    };
  }, [openFile, prepareCsvImport]);

  return (
    <>
      {children}
      {dragging && (
        <div
          className="pointer-events-none fixed inset-0 z-50 flex items-center justify-center bg-teal-900/30 p-8"
          data-testid="drop-overlay"
        >
          <div className="rounded-xl border-2 border-dashed border-teal-600 bg-white/95 px-10 py-8 text-lg font-medium text-teal-900 shadow-xl">
            Drop a SQLite, CSV or TSV file to open it
          </div>
        </div>
      )}
    </>
  );
}
