/** @packageDocumentation The event-ticketing app; started by src/server.ts. */
export { buildApp, type AppDeps } from './app';
export { loadConfig } from './config';
