/** @packageDocumentation The booking app; started by src/server.ts. */
export { buildApp, type AppDeps } from './app';
export { loadConfig } from './config';
export { startBooking, type BookingRuntime } from './runtime';
