import type { Connection, mongo } from 'mongoose';
import {
  partnerDecider,
  partnerSeedCommands,
  partnerStreamId,
  type PartnerCommand,
  type PartnerEvent,
  type PartnerSeedEntry,
  type PartnerState,
} from '@gridpay/payments/domain';
import { fold } from '@gridpay/shared/ddd';
import { CommandHandler, isDuplicateKey, type EventStore } from '@gridpay/shared/event-store';
import { uuidv7 } from '@gridpay/shared/ids';
import { connectedDb } from '@gridpay/shared/mongo';
import { partnerStream } from './partner.stream';

/** A partner as the admin API shows it: never its secrets. */
export interface PartnerView {
  code: string;
  name: string;
  kind: PartnerState['kind'];
  channels: PartnerState['channels'];
  status: 'active' | 'disabled';
  keys: Array<{ keyId: string; active: boolean }>;
}

export function partnerView(state: PartnerState): PartnerView {
  return {
    code: state.code,
    name: state.name,
    kind: state.kind,
    channels: state.channels,
    status: state.status === 'disabled' ? 'disabled' : 'active',
    keys: state.keys.map(({ keyId, active }) => ({ keyId, active })),
  };
}

/**
 * The partner registry: one event-sourced stream per partner (partnerDecider), plus a directory of
 * partner codes (insert-only, for listing). Every gateway request looks a partner up, so states are
 * cached briefly; a change made through this instance takes effect at once, one made through
 * another instance within `cacheMs`.
 */
export class PartnerRegistry {
  private readonly handler: CommandHandler<PartnerCommand, PartnerEvent, PartnerState>;
  private readonly cache = new Map<string, { state: PartnerState; at: number }>();

  constructor(
    private readonly store: EventStore,
    private readonly connection: Connection,
    private readonly cacheMs = 1000,
  ) {
    this.handler = new CommandHandler(store, partnerStream);
  }

  private get directory(): mongo.Collection<{ _id: string; registeredAt: Date }> {
    return connectedDb(this.connection).collection('partner_directory');
  }

  /** Registers the seeded partners that are not registered yet; what an admin changed stays. */
  async seed(entries: readonly PartnerSeedEntry[], now = new Date()): Promise<{ registered: string[] }> {
    const registered: string[] = [];
    for (const command of partnerSeedCommands(entries, now.toISOString())) {
      const { events } = await this.execute(command, now);
      if (events > 0) registered.push(command.code);
    }
    return { registered };
  }

  /** Decides and appends one admin command; returns the partner after it. */
  async execute(command: PartnerCommand, now = new Date()): Promise<{ state: PartnerState; events: number }> {
    this.cache.delete(command.code);
    const result = await this.handler.handle(command, { correlationId: uuidv7(), now });
    this.cache.delete(command.code);
    if (command.type === 'RegisterPartner' && result.state.status !== 'unregistered') {
      try {
        await this.directory.insertOne({ _id: command.code, registeredAt: now });
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
    }
    return { state: result.state, events: result.events.length };
  }

  /** The partner's current state (status 'unregistered' when unknown). */
  async get(code: string): Promise<PartnerState> {
    const cached = this.cache.get(code);
    if (cached && Date.now() - cached.at < this.cacheMs) return cached.state;
    const { events } = await this.store.load<PartnerEvent>(partnerStreamId(code));
    const state = fold(
      partnerDecider,
      events.map(({ type, data }) => ({ type, data }) as PartnerEvent),
    );
    this.cache.set(code, { state, at: Date.now() });
    return state;
  }

  async list(): Promise<PartnerState[]> {
    const codes = (await this.directory.find({}).toArray()).map((doc) => doc._id).sort();
    return Promise.all(codes.map((code) => this.get(code)));
  }
}
