import type { ReactNode } from 'react'; export function DropZone({ children }: { children: ReactNode }) { return <>{children}</>; }
