import type { Connection, mongo } from 'mongoose';
import {
  activeMandate,
  mandateDecider,
  mandateIdOf,
  mandatesStreamId,
  type CustomerMandates,
  type Mandate,
  type MandateCommand,
  type MandateEvent,
} from '@gridpay/payments/domain';
import { DomainError, fold } from '@gridpay/shared/ddd';
import { CommandHandler, isDuplicateKey, type EventStore } from '@gridpay/shared/event-store';
import { connectedDb } from '@gridpay/shared/mongo';
import { asHttpError, httpError } from '../http-errors';
import type { PartnerRegistry } from '../partners/partner-registry';
import { mandateStream } from './mandate.stream';

export interface RegisterMandateRequest {
  partner: string;
  mandateRef: string;
  customerCode: string;
  accountRef: string;
  enrolledBy?: string;
}

/** What partners and staff see of a mandate: the account masked. */
export interface MandateView {
  mandateId: string;
  customerCode: string;
  partner: string;
  accountMasked: string;
  enrolledBy?: string;
  status: 'ACTIVE' | 'CANCELLED' | 'SUSPENDED';
  registeredAt: string;
  endedAt?: string;
  endReason?: string;
}

export function mandateView(mandate: Mandate): MandateView {
  return {
    mandateId: mandate.mandateId,
    customerCode: mandate.customerCode,
    partner: mandate.partner,
    accountMasked: mandate.accountMasked,
    ...(mandate.enrolledBy ? { enrolledBy: mandate.enrolledBy } : {}),
    status:
      mandate.status === 'active' ? 'ACTIVE' : mandate.status === 'cancelled' ? 'CANCELLED' : 'SUSPENDED',
    registeredAt: mandate.registeredAt,
    ...(mandate.endedAt ? { endedAt: mandate.endedAt, endReason: mandate.endReason } : {}),
  };
}

const MANDATE_ERRORS: Record<string, [number, string, string?]> = {
  'unknown-mandate': [404, 'MANDATE_NOT_FOUND', 'mandateId'],
  'mandate-exists': [422, 'MANDATE_EXISTS', 'customerCode'],
  'invalid-account': [400, 'VALIDATION_FAILED', 'accountRef'],
  'idempotency-conflict': [409, 'IDEMPOTENCY_CONFLICT', 'mandateRef'],
};

async function orMandateError<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    const known = error instanceof DomainError ? MANDATE_ERRORS[error.code] : undefined;
    if (known) throw httpError(known[0], known[1], (error as Error).message, known[2]);
    throw asHttpError(error);
  }
}

interface MandateIdEntry {
  _id: string;
  customerCode: string;
}

/**
 * Mandates: one stream per customer (so one active mandate is one decision), and a mandateId →
 * customer lookup inserted first so that cancelling by id is one read by _id.
 */
export class MandatesService {
  private readonly handler: CommandHandler<MandateCommand, MandateEvent, CustomerMandates>;

  constructor(
    private readonly store: EventStore,
    private readonly connection: Connection,
    private readonly partners: PartnerRegistry,
  ) {
    this.handler = new CommandHandler(store, mandateStream);
  }

  private get ids(): mongo.Collection<MandateIdEntry> {
    return connectedDb(this.connection).collection<MandateIdEntry>('mandate_ids');
  }

  async mandatesOf(customerCode: string): Promise<CustomerMandates> {
    const { events } = await this.store.load<MandateEvent>(mandatesStreamId(customerCode));
    return fold(
      mandateDecider,
      events.map(({ type, data }) => ({ type, data }) as MandateEvent),
    );
  }

  /** The mandate a bill of this customer is debited under, with its full account reference. */
  async active(customerCode: string): Promise<Mandate | undefined> {
    return activeMandate(await this.mandatesOf(customerCode));
  }

  private async auto(partnerCode: string): Promise<void> {
    const partner = await this.partners.get(partnerCode);
    if (partner.status === 'unregistered')
      throw httpError(404, 'PARTNER_NOT_FOUND', `no partner ${partnerCode}`, 'partner');
    if (partner.status === 'disabled')
      throw httpError(403, 'PARTNER_DISABLED', `partner ${partnerCode} is disabled`);
    if (!partner.channels.includes('AUTO_DEBIT'))
      throw httpError(403, 'CHANNEL_NOT_ALLOWED', `partner ${partnerCode} does not offer auto-debit`);
  }

  /** `created` is false when the same registration was made before. */
  async register(
    request: RegisterMandateRequest,
    now = new Date(),
  ): Promise<{ created: boolean; body: MandateView }> {
    await this.auto(request.partner);
    const mandateId = mandateIdOf(request.partner, request.mandateRef);
    try {
      await this.ids.insertOne({ _id: mandateId, customerCode: request.customerCode });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const entry = await this.ids.findOne({ _id: mandateId });
      if (entry && entry.customerCode !== request.customerCode)
        throw httpError(
          409,
          'IDEMPOTENCY_CONFLICT',
          `mandateRef ${request.mandateRef} is another customer's`,
          'mandateRef',
        );
    }
    const result = await orMandateError(
      this.handler.handle(
        {
          type: 'RegisterMandate',
          mandateId,
          customerCode: request.customerCode,
          partner: request.partner,
          accountRef: request.accountRef,
          ...(request.enrolledBy ? { enrolledBy: request.enrolledBy } : {}),
          registeredAt: now.toISOString(),
        },
        { correlationId: mandateId, now },
      ),
    );
    const mandate = result.state.mandates.find((m) => m.mandateId === mandateId);
    if (!mandate) throw new Error(`mandate ${mandateId} missing after registering`);
    return { created: result.events.length > 0, body: mandateView(mandate) };
  }

  async cancel(partner: string, mandateId: string, reason: string, now = new Date()): Promise<MandateView> {
    const entry = await this.ids.findOne({ _id: mandateId });
    if (!entry) throw httpError(404, 'MANDATE_NOT_FOUND', `no mandate ${mandateId}`, 'mandateId');
    const result = await orMandateError(
      this.handler.handle(
        {
          type: 'CancelMandate',
          customerCode: entry.customerCode,
          mandateId,
          partner,
          reason,
          cancelledAt: now.toISOString(),
        },
        { correlationId: mandateId, now },
      ),
    );
    const mandate = result.state.mandates.find((m) => m.mandateId === mandateId);
    if (!mandate) throw httpError(404, 'MANDATE_NOT_FOUND', `no mandate ${mandateId}`, 'mandateId');
    return mandateView(mandate);
  }

  /** The bank said the account cannot be debited any more. */
  async suspend(customerCode: string, mandateId: string, reason: string, now: Date): Promise<void> {
    await this.handler.handle(
      { type: 'SuspendMandate', customerCode, mandateId, reason, suspendedAt: now.toISOString() },
      { correlationId: mandateId, now },
    );
  }

  /** A customer's mandates with this partner (a partner never sees another's). */
  async list(partner: string | undefined, customerCode: string): Promise<MandateView[]> {
    const { mandates } = await this.mandatesOf(customerCode);
    return mandates.filter((m) => partner === undefined || m.partner === partner).map(mandateView);
  }
}
