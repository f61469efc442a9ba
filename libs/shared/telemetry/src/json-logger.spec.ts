import { context, trace, ROOT_CONTEXT, TraceFlags } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { JsonLogger, type LogLine } from './json-logger';

function capture(minLevel: 'debug' | 'info' = 'info') {
  const lines: LogLine[] = [];
  const logger = new JsonLogger('billing', minLevel, (line) => lines.push(JSON.parse(line)));
  return { logger, lines };
}

describe('JsonLogger', () => {
  it('writes one JSON object with service, level, context and message', () => {
    const { logger, lines } = capture();
    logger.log('bill run started', 'BillRun');
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'info',
        service: 'billing',
        context: 'BillRun',
        msg: 'bill run started',
      }),
    ]);
  });

  it('keeps the stack of an error', () => {
    const { logger, lines } = capture();
    logger.error('kafka unreachable', 'Error: connect ECONNREFUSED\n    at x', 'Kafka');
    expect(lines[0]).toMatchObject({
      level: 'error',
      context: 'Kafka',
      stack: expect.stringContaining('ECONNREFUSED'),
    });
  });

  it('drops lines below the configured level', () => {
    const { logger, lines } = capture('info');
    logger.debug('noise');
    expect(lines).toHaveLength(0);
  });

  it('carries the ids of the active span', () => {
    const manager = new AsyncLocalStorageContextManager().enable();
    context.setGlobalContextManager(manager);
    try {
      const { logger, lines } = capture();
      const spanContext = {
        traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
        spanId: '00f067aa0ba902b7',
        traceFlags: TraceFlags.SAMPLED,
      };
      context.with(trace.setSpanContext(ROOT_CONTEXT, spanContext), () => logger.log('paid'));
      expect(lines[0]).toMatchObject({ trace_id: spanContext.traceId, span_id: spanContext.spanId });
    } finally {
      context.disable();
    }
  });
});
