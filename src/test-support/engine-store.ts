/**
 * The engine slices and the keys in a store of their own (the others are not needed to
 * orchestrate engines), and real mock servers to connect to, for the tests of each.
 */
import { afterEach } from 'vitest';
import { createStore } from 'zustand/vanilla';
import {
  startMockOpenAiServer,
  type MockOpenAiServerOptions,
  type MockOpenAiServer,
} from '../../e2e/support/mock-openai-server';
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

/** Returns a starter of mock servers for a test file; each is closed after its test. */
export function mockServersClosedAfterEach() {
  const open: MockOpenAiServer[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((server) => server.close()));
  });
  return async (options: MockOpenAiServerOptions) => {
    const server = await startMockOpenAiServer(options);
    open.push(server);
    return server;
  };
}
