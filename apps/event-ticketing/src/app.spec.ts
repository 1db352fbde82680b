import { describeAppShell } from '@shared/testing';
import { buildApp } from './app';
import { loadConfig } from './config';

describeAppShell('event-ticketing', buildApp, loadConfig);
