import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * The root logger of a process. Components take `logger.child({ component: 'name' })`;
 * secrets (passwords, tokens, cookies) are redacted wherever they appear in a log object.
 */
export function createLogger(name: string, level = 'info'): Logger {
  return pino({
    name,
    level,
    redact: {
      paths: [
        'password',
        '*.password',
        'token',
        '*.token',
        'req.headers.authorization',
        'req.headers.cookie',
        'headers.authorization',
      ],
      censor: '[redacted]',
    },
  });
}
