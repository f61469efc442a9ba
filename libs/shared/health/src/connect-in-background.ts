import type { LoggerService } from '@nestjs/common';

export interface BackgroundConnection {
  /** Resolves once the first connection succeeded. */
  readonly connected: Promise<void>;
  /** Stops retrying; resolves once no attempt is in flight any more (connected or given up). */
  stop(): Promise<void>;
}

/**
 * Keeps trying to connect a dependency without blocking start-up: a service starts, reports
 * not-ready and logs one clear line, then becomes ready when the dependency arrives.
 */
export function connectInBackground(
  what: string,
  connect: () => Promise<void>,
  logger: LoggerService,
  { firstDelayMs = 500, maxDelayMs = 10_000 } = {},
): BackgroundConnection {
  let stopped = false;
  let wake: (() => void) | undefined;
  const connected = (async () => {
    let delay = firstDelayMs;
    for (let attempt = 1; !stopped; attempt++) {
      try {
        await connect();
        if (attempt > 1) logger.log(`${what} reachable again after ${attempt} attempts`);
        else logger.log(`${what} connected`);
        return;
      } catch (error) {
        if (attempt === 1 || attempt % 10 === 0) {
          logger.warn(
            `${what} unreachable (${(error as Error).message}); retrying every ${maxDelayMs / 1000} s at most`,
          );
        }
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, delay).unref();
      });
      delay = Math.min(delay * 2, maxDelayMs);
    }
    throw new Error(`${what}: stopped before connecting`);
  })();
  connected.catch(() => undefined);
  return {
    connected,
    stop() {
      stopped = true;
      wake?.();
      return connected.then(
        () => undefined,
        () => undefined,
      );
    },
  };
}
