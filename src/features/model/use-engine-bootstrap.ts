export function useEngineBootstrap() {}
