/** One JSON logger for the whole process; secrets are redacted by path wherever they appear. */
import { pino, type Logger } from 'pino';

export const REDACT_PATHS = [
  '*.password',
  '*.clientSecret',
  '*.client_secret',
  '*.authorization',
  '*.Authorization',
  '*.token',
  '*.access_token',
  '*.assertion',
  'req.headers.authorization',
  'headers.authorization',
  '*.MicrosoftAppPassword',
  '*.apiKey',
  // MSAL and OAuth fields, and the automation sign-in's cookie (automation-sign-in.ts).
  '*.refresh_token',
  '*.id_token',
  '*.code_verifier',
  '*.cookie',
  'req.headers.cookie',
];

export function createLogger(level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { service: 'pim-copilot' },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}

export const logger: Logger = createLogger();
export type { Logger };
