import type { KnownEvent } from '@gridpay/contracts';
import { BoundedProjectionHandler } from './bounded-projection.handler';

const event = (key: string, n: number) =>
  ({ eventId: `${key}-${n}`, partitionKey: key }) as unknown as KnownEvent;

describe('BoundedProjectionHandler', () => {
  it('writes at most N documents per call, each key in one call with its events in order', async () => {
    const calls: string[][] = [];
    const handler = new BoundedProjectionHandler(
      { handle: async (events) => void calls.push(events.map((e) => e.eventId)) },
      { keyOf: (e) => (e.partitionKey === 'skip' ? undefined : e.partitionKey) },
      2,
    );
    await handler.handle([event('a', 1), event('b', 1), event('skip', 1), event('c', 1), event('a', 2)]);
    expect(calls).toEqual([['a-1', 'a-2', 'b-1'], ['c-1']]);
  });
});
