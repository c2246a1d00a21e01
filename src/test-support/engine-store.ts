/**
 * The engine slices and the keys in a store of their own (the others are not needed to
 * orchestrate engines), for the tests of each.
 */
import { createStore } from 'zustand/vanilla';
import { createEngineSlice } from '../state/engine-slice';
import { createOnDeviceModelsSlice } from '../state/on-device-models-slice';
import { createServerAccessSlice } from '../state/server-access-slice';
import { createServerConnectionSlice } from '../state/server-connection-slice';
import type { AppState } from '../state/store';

export const makeEngineStore = () =>
  createStore<AppState>()(
    (...args) =>
      ({
        ...createEngineSlice(...args),
        ...createOnDeviceModelsSlice(...args),
        ...createServerConnectionSlice(...args),
        ...createServerAccessSlice(...args),
      }) as AppState,
  );
