import { Logger } from '@nestjs/common';
import { SpanStatusCode, trace } from '@opentelemetry/api';
import type { Connection } from 'mongoose';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  nextSendTime,
  notificationDecider,
  type NotificationCommand,
  type NotificationEvent,
  type NotificationState,
} from '@gridpay/notification/domain';
import { DomainError, fold } from '@gridpay/shared/ddd';
import {
  buildEnvelope,
  CommandHandler,
  StreamVersionConflict,
  type EventStore,
} from '@gridpay/shared/event-store';
import { uuidv7 } from '@gridpay/shared/ids';
import { Lease } from '@gridpay/shared/messaging';
import type { EmailSender, SendOutcome, SmsSender } from '../channels/send-outcome';
import type { NotificationOptions } from '../notification.options';
import type { PreferencesStore } from '../preferences/preferences.store';
import type { DueItem, DuePage, DueQueue } from '../scheduling/due-queue';
import {
  maskDestination,
  notificationStream,
  notificationStreamId,
  type NotificationStreamCommand,
} from '../streams/notification.stream';
import { RateLimiter } from './rate-limiter';

const tracer = trace.getTracer('gridpay-notification');

type Scheduled = Extract<NotificationEvent, { type: 'NotificationScheduled' }>['data'];

export interface DispatchStats {
  sent: number;
  failed: number;
  retried: number;
  deferred: number;
  skipped: number;
}

/** How many SMS may be waiting for the gateway's answer at once (the rate limiter spaces their start). */
const SMS_IN_FLIGHT = 32;

/**
 * Sends the messages that are due, page by page, oldest first. One instance of the service sends at a
 * time (a lease). For each message the stream decides: only one still scheduled and due is sent, so a
 * message found on two pages, or on a page read again after a crash, goes out once. The one gap is a
 * crash between the provider accepting a message and its outcome being stored: the message is sent
 * again with the same request id (the SMS gateway drops it; an email carries the same Message-ID).
 * SMS keep out of the quiet hours (a page that reaches 21:00 moves its rest to 07:00) and go out at
 * the configured rate.
 */
export class Dispatcher {
  readonly stats: DispatchStats = { sent: 0, failed: 0, retried: 0, deferred: 0, skipped: 0 };
  private readonly logger = new Logger('NotificationDispatcher');
  private readonly streams: CommandHandler<NotificationStreamCommand, NotificationEvent, NotificationState>;
  private readonly lease: Lease;
  private readonly limiter: RateLimiter;
  private running?: Promise<void>;
  private stopping = false;

  constructor(
    private readonly store: EventStore,
    connection: Connection,
    private readonly queue: DueQueue,
    private readonly preferences: PreferencesStore,
    private readonly sms: SmsSender,
    private readonly email: EmailSender,
    private readonly options: NotificationOptions,
    instanceId = uuidv7(),
  ) {
    this.streams = new CommandHandler(store, notificationStream);
    this.lease = new Lease(connection, 'notification-dispatcher', instanceId, 10_000);
    this.limiter = new RateLimiter(options.smsRatePerSecond);
  }

  start(): void {
    this.stopping = false;
    this.running ??= this.loop();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.running;
    this.running = undefined;
    await this.lease.release().catch(() => undefined);
  }

  private async loop(): Promise<void> {
    await this.lease.ensureIndexes().catch(() => undefined);
    let delay = 200;
    while (!this.stopping) {
      try {
        if (!(await this.lease.hold())) {
          await sleep(this.lease.ttlMs / 4);
          continue;
        }
        // A page at the SMS rate can outlast the lease: keep renewing while it is worked on.
        const renew = setInterval(() => void this.lease.hold().catch(() => undefined), this.lease.ttlMs / 4);
        let pages: number;
        try {
          pages = await this.runOnce(() => !this.stopping && this.lease.isHeld);
        } finally {
          clearInterval(renew);
        }
        delay = 200;
        if (pages === 0) await sleep(this.options.dispatchPollMs);
      } catch (error) {
        this.logger.warn(`dispatch paused: ${(error as Error).message}; retrying`);
        await sleep(delay);
        delay = Math.min(delay * 2, 5000);
      }
    }
  }

  /** Sends what is due now; returns how many pages it finished. */
  async runOnce(active: () => boolean = () => true): Promise<number> {
    const pages = await this.queue.due(this.options.clock(), 5);
    let done = 0;
    for (const page of pages) {
      if (!active()) break;
      if (await this.processPage(page, active)) done++;
    }
    return done;
  }

  private async processPage(page: DuePage, active: () => boolean): Promise<boolean> {
    const unique = [...new Map(page.items.map((item) => [item.notificationId, item])).values()];
    const emails = unique.filter((item) => item.channel === 'email');
    const sms = unique.filter((item) => item.channel === 'sms');
    const [, deferred] = await Promise.all([
      inParallel(emails, this.options.emailConcurrency, (item) => this.dispatch(item)),
      this.dispatchSms(sms, active),
    ]);
    if (!active()) return false;
    if (deferred.items.length > 0) {
      await this.queue.add(deferred.items.map((item) => ({ ...item, dueAt: deferred.until })));
      this.stats.deferred += deferred.items.length;
    }
    await this.queue.remove(page._id);
    return true;
  }

  /** Sends a page's SMS at the configured rate until the quiet hours begin; returns what is left for then. */
  private async dispatchSms(
    items: DueItem[],
    active: () => boolean,
  ): Promise<{ items: DueItem[]; until: string }> {
    const inFlight = new Set<Promise<void>>();
    let index = 0;
    let until = '';
    for (; index < items.length && active(); index++) {
      const now = this.options.clock();
      const allowed = nextSendTime(now, this.options.quietHours);
      if (allowed > now) {
        until = allowed.toISOString();
        break;
      }
      await this.limiter.take();
      const work = this.dispatch(items[index]).finally(() => inFlight.delete(work));
      inFlight.add(work);
      if (inFlight.size >= SMS_IN_FLIGHT) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    return { items: until ? items.slice(index) : [], until };
  }

  private async dispatch(item: DueItem): Promise<void> {
    const { version, events } = await this.store.load<NotificationEvent>(
      notificationStreamId(item.notificationId),
    );
    const plain = events.map(({ type, data }) => ({ type, data }) as NotificationEvent);
    const state = fold(notificationDecider, plain);
    const now = this.options.clock();
    // Settled, or waiting for a retry that a later page holds.
    if (state.status !== 'scheduled' || (state.dueAt && state.dueAt > now.toISOString())) {
      this.stats.skipped++;
      return;
    }
    const scheduled = plain[0].data as Scheduled;
    const outcome = await this.send(scheduled);
    const at = this.options.clock().toISOString();
    const ctx = {
      correlationId: scheduled.sourceEventId,
      causationId: scheduled.sourceEventId,
      now: new Date(at),
    };
    const about = { notificationId: item.notificationId, customerCode: item.customerCode };
    try {
      if (outcome.ok) {
        await this.streams.handle(
          { type: 'RecordSent', ...about, providerMessageId: outcome.providerMessageId, sentAt: at },
          ctx,
        );
        this.stats.sent++;
        return;
      }
      const failure: NotificationCommand & NotificationStreamCommand = {
        type: 'RecordFailure',
        ...about,
        attempt: state.attempts + 1,
        kind: outcome.kind,
        reason: outcome.reason,
        at,
      };
      // The retry's page is written before the failure is stored, so no crash can leave a retry
      // without a page; the decision is pure, so the stored one says the same.
      const decided = notificationDecider.decide(failure, state);
      const retry = decided.find((e) => e.type === 'NotificationAttemptFailed');
      if (retry) await this.queue.add([{ ...item, dueAt: retry.data.retryAt }]);
      await this.record(failure, state, version, ctx);
      if (retry) this.stats.retried++;
      else this.stats.failed++;
      this.logger.warn(
        `${item.notificationId} to ${maskDestination(scheduled.channel, scheduled.to)}: ${outcome.kind} failure (${outcome.reason})${retry ? `, retry at ${retry.data.retryAt}` : ', not retried'}`,
      );
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      this.logger.warn(`${item.notificationId}: outcome not recorded: ${error.message}`);
    }
  }

  /**
   * Stores an outcome decided on the state just loaded, at that version: one insert instead of loading
   * the stream again. Should the stream have moved meanwhile, the handler reloads and decides again.
   */
  private async record(
    command: NotificationStreamCommand,
    state: NotificationState,
    version: number,
    ctx: { correlationId: string; causationId: string; now: Date },
  ): Promise<void> {
    const events = notificationDecider.decide(command, state);
    if (events.length === 0) return;
    const after = events.reduce(notificationDecider.evolve, state);
    const outbox = (notificationStream.toIntegration?.(events, after) ?? []).map((event) =>
      buildEnvelope(event.type, event.data as never, {
        producer: notificationStream.producer,
        partitionKey: command.customerCode,
        correlationId: ctx.correlationId,
        causationId: ctx.causationId,
        occurredAt: ctx.now.toISOString(),
      }),
    );
    try {
      await this.store.append({
        streamId: notificationStreamId(command.notificationId),
        expectedVersion: version,
        events,
        partitionKey: command.customerCode,
        outbox,
        occurredAt: ctx.now.toISOString(),
      });
    } catch (error) {
      if (!(error instanceof StreamVersionConflict)) throw error;
      await this.streams.handle(command, ctx);
    }
  }

  private async send(scheduled: Scheduled): Promise<SendOutcome> {
    const masked = maskDestination(scheduled.channel, scheduled.to);
    return tracer.startActiveSpan(
      `notification.send ${scheduled.channel}`,
      {
        attributes: {
          'gridpay.notification.id': scheduled.notificationId,
          'gridpay.notification.channel': scheduled.channel,
          'gridpay.notification.template': scheduled.templateId,
          'gridpay.customer.code': scheduled.customerCode,
          'messaging.destination.masked': masked,
        },
      },
      async (span) => {
        try {
          const preferences = await this.preferences.get(scheduled.customerCode);
          if (preferences?.optOut) return { ok: false, kind: 'permanent', reason: 'opted-out' } as const;
          const { message } = scheduled;
          const outcome =
            scheduled.channel === 'sms'
              ? await this.sms.send({
                  requestId: scheduled.notificationId,
                  to: scheduled.to,
                  text: message.text,
                })
              : 'subject' in message
                ? await this.email.send({ requestId: scheduled.notificationId, to: scheduled.to, ...message })
                : ({ ok: false, kind: 'permanent', reason: 'email without subject' } as const);
          if (!outcome.ok) span.setStatus({ code: SpanStatusCode.ERROR, message: outcome.reason });
          return outcome;
        } finally {
          span.end();
        }
      },
    );
  }
}

async function inParallel<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]);
  });
  await Promise.all(workers);
}
