/** @packageDocumentation The seat-reservation app; started by src/server.ts. */
export { buildApp, type AppDeps } from './app';
export { loadConfig } from './config';
