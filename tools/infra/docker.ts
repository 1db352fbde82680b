import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './paths';

/** True when a Docker engine answers (the client alone is not enough). */
export function dockerEngineRunning(): boolean {
  const r = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], {
    stdio: 'pipe',
    timeout: 5000,
  });
  return r.status === 0;
}

export function composeUp(service: 'kafka' | 'postgres' | 'redis'): void {
  const r = spawnSync(
    'docker',
    ['compose', '-f', join(ROOT, 'docker-compose.kafka.yml'), 'up', '-d', service],
    { stdio: 'inherit' },
  );
  if (r.status !== 0) throw new Error(`docker compose up ${service} failed`);
}

export function composeDown(wipe: boolean): void {
  spawnSync(
    'docker',
    ['compose', '-f', join(ROOT, 'docker-compose.kafka.yml'), 'down', ...(wipe ? ['-v'] : [])],
    { stdio: 'inherit' },
  );
}
