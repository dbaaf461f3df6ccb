// The logger servers inject into every component (STYLE: inject the logger;
// libraries never create their own or read NODE_ENV). pino writes JSON lines;
// a component adds its name with `logger.child({ component: 'raft' })`.
import { pino, type Logger, type LoggerOptions } from 'pino';

export type { Logger } from 'pino';

export interface CreateLoggerOptions {
  level?: LoggerOptions['level'];
  /** Fields added to every line, e.g. { nodeId: 1 }. */
  base?: Record<string, unknown>;
  /** Where lines go; default stdout. */
  destination?: NodeJS.WritableStream | undefined;
}

export function createLogger(options: CreateLoggerOptions = {}): Logger {
  const opts: LoggerOptions = {
    level: options.level ?? 'info',
    base: options.base ?? {},
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    serializers: { err: pino.stdSerializers.err },
  };
  return options.destination ? pino(opts, options.destination) : pino(opts);
}

/** A logger that drops everything: the default for libraries when none is injected. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
