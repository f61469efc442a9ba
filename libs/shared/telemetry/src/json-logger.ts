import { trace } from '@opentelemetry/api';
import type { LoggerService, LogLevel } from '@nestjs/common';

export type Level = 'debug' | 'info' | 'warn' | 'error';
const RANK: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface LogLine {
  time: string;
  level: Level;
  service: string;
  context?: string;
  msg: string;
  trace_id?: string;
  span_id?: string;
  [extra: string]: unknown;
}

/**
 * One JSON object per line on stdout, carrying the active trace and span ids so a log line leads to
 * its trace in the dashboard. Used as Nest's logger and directly by platform code.
 */
export class JsonLogger implements LoggerService {
  constructor(
    private readonly service: string,
    private readonly minLevel: Level = 'info',
    private readonly write: (line: string) => void = (line) => process.stdout.write(line + '\n'),
  ) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.emit('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.emit('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.emit('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.emit('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.emit('debug', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.emit('error', message, rest);
  }
  setLogLevels(_levels: LogLevel[]): void {
    // the level comes from LOG_LEVEL at construction
  }

  /** Nest passes (message, context) or (message, stack, context); extra objects are merged. */
  private emit(level: Level, message: unknown, rest: unknown[]): void {
    if (RANK[level] < RANK[this.minLevel]) return;
    const line: LogLine = { time: new Date().toISOString(), level, service: this.service, msg: '' };
    const args = [...rest];
    if (args.length > 0 && typeof args[args.length - 1] === 'string') line.context = args.pop() as string;
    for (const arg of args) {
      if (typeof arg === 'string') line.stack = arg;
      else if (arg && typeof arg === 'object') Object.assign(line, arg);
    }
    if (message instanceof Error) {
      line.msg = message.message;
      line.stack = message.stack;
    } else if (typeof message === 'string') {
      line.msg = message;
    } else {
      line.msg = JSON.stringify(message);
    }
    const span = trace.getActiveSpan()?.spanContext();
    if (span) {
      line.trace_id = span.traceId;
      line.span_id = span.spanId;
    }
    this.write(JSON.stringify(line));
  }
}
