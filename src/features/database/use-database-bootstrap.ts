export function useDatabaseBootstrap() {}
