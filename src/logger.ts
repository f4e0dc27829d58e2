import pino, { type Logger, type LoggerOptions } from 'pino';

export type { Logger };

/**
 * Paths redacted wherever they appear in a log object. Secrets must never reach logs: credentials,
 * tokens and keys are censored even if a caller logs a whole config or server document.
 */
export const REDACT_PATHS = [
  'password',
  '*.password',
  '*.*.password',
  'token',
  '*.token',
  'DISCORD_TOKEN',
  '*.DISCORD_TOKEN',
  'SECRETS_KEY',
  '*.SECRETS_KEY',
  'secretsKey',
  '*.secretsKey',
  'discordToken',
  '*.discordToken',
  'credentials',
  '*.credentials',
  'privateKey',
  '*.privateKey',
  'authorization',
  '*.authorization',
  '*.headers.authorization',
];

export function createLogger(level = 'info', options: LoggerOptions = {}): Logger {
  return pino({
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    base: { pid: process.pid },
    ...options,
  });
}
