/** Which main view is shown; features switch it (e.g. "Open in editor" shows the SQL view). */
import type { SliceCreator } from './slice';

export type MainView =
  'ask' | 'sql' | 'diagram' | 'model' | 'history' | 'knowledge' | 'evaluate' | 'data';

export interface ViewSlice {
  activeView: MainView;
  showView(view: MainView): void;
}

export const createViewSlice: SliceCreator<ViewSlice> = (set) => ({
  activeView: 'ask',
  showView: (view) => set({ activeView: view }),
});
