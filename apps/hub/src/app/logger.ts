import pino from 'pino';
import type { LogLevel } from '../config/env.js';

export type HubLogger = pino.Logger;

const SECRET_KEYS = [
  'authorization',
  'apiKey',
  'api_key',
  'credentials',
  'accessToken',
  'access_token',
  'refreshToken',
  'refresh_token',
  'idToken',
  'token',
  'password',
  'secret',
  'clientSecret',
  'client_secret',
  'codeVerifier',
  'code_verifier',
  'cookie',
  'adminToken',
  'secretKey',
];

/**
 * Paths pino replaces with [REDACTED]: credentials at the top level, one and two levels down, and in request and
 * response headers. pino's redaction matches paths, not names anywhere, so deeper secrets must not be logged
 * at all (the call log goes through core's redact() instead).
 */
export const redactPaths: string[] = [
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((k) => `*.${k}`),
  ...SECRET_KEYS.map((k) => `*.*.${k}`),
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers["x-api-key"]',
  '*.headers.authorization',
  '*.headers["x-api-key"]',
];

export function createLogger(level: LogLevel, destination?: pino.DestinationStream): HubLogger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'accounting-hub' },
    redact: { paths: redactPaths, censor: '[REDACTED]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return destination ? pino(options, destination) : pino(options);
}
