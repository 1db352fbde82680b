/**
 * @packageDocumentation
 * Test helpers that talk to the real Kafka, PostgreSQL and Redis, each test in its own namespace.
 */
export { testNamespace, testDatabaseUrl } from './namespace';
export { testKafka, testBrokers, createTestTopics, collect, type Collected } from './kafka';
export { SseClient, type SseEvent } from './sse-client';
export { spawnSeatNode } from './seat-node';
export { freePort, spawnApp, stopChild, type AppProcess } from './app-process';
export { describeAppShell } from './app-shell';
export { describeProductionStart, runUntilExit } from './production-start';
