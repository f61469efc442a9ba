import type { KnownEvent } from '@gridpay/contracts';
import type { NotificationChannel, NotificationMessage } from '../notification/notification.decider';
import { renderEmail, renderSms } from '../templates/render';
import type { Branch, PayChannels, TemplateData, TemplateId } from '../templates/template-data';
import {
  nextDueDate,
  outstandingOf,
  type CustomerBalance,
  type CustomerProfile,
} from '../views/customer-views';

export type ChannelChoice = 'sms' | 'email' | 'both';

/** A customer's own choice, set through the internal API; without one, every known contact is used. */
export interface Preferences {
  channels: ChannelChoice;
  optOut: boolean;
}

export interface Contact {
  phone?: string;
  email?: string;
}

export type SuppressionReason = 'opted-out' | 'no-contact' | 'channel-not-chosen' | 'no-template-data';

export interface ChannelPlan {
  send: Array<{ channel: NotificationChannel; to: string }>;
  suppressed: Array<{ channel: NotificationChannel; reason: SuppressionReason }>;
}

const both: NotificationChannel[] = ['sms', 'email'];
const asList = (choice: ChannelChoice): NotificationChannel[] => (choice === 'both' ? both : [choice]);

/**
 * Which channels a message goes out on: the customer's choice (default: every channel with a known
 * contact), narrowed to what the sender asked for (an outreach by SMS only); opt-out stops all.
 */
export function chooseChannels(
  contact: Contact,
  preferences?: Preferences,
  requested?: ChannelChoice,
): ChannelPlan {
  const destination = (channel: NotificationChannel) => (channel === 'sms' ? contact.phone : contact.email);
  const wanted = preferences ? asList(preferences.channels) : both.filter((c) => destination(c));
  const asked = requested ? asList(requested) : both;
  const plan: ChannelPlan = { send: [], suppressed: [] };
  if (preferences?.optOut) {
    for (const channel of wanted.length > 0 ? wanted : asked)
      plan.suppressed.push({ channel, reason: 'opted-out' });
    return plan;
  }
  const channels = wanted.filter((c) => asked.includes(c));
  if (channels.length === 0) {
    const reason = wanted.length === 0 ? 'no-contact' : 'channel-not-chosen';
    for (const channel of asked) plan.suppressed.push({ channel, reason });
    return plan;
  }
  for (const channel of channels) {
    const to = destination(channel);
    if (to) plan.send.push({ channel, to });
    else plan.suppressed.push({ channel, reason: 'no-contact' });
  }
  return plan;
}

export interface MessageContext {
  branch: Branch;
  payChannels: PayChannels;
  profile?: CustomerProfile;
  balance?: CustomerBalance;
}

export type TemplateInput = { [T in TemplateId]: { templateId: T; data: TemplateData[T] } }[TemplateId];

/**
 * The template and its data for an event the customer hears about, or undefined for events that
 * send nothing. The receipt's "still due" is what billing knew before this payment minus it, unless
 * billing already applied it (then what billing says now).
 */
export function templateInputFor(event: KnownEvent, ctx: MessageContext): TemplateInput | undefined {
  const base = {
    customerCode: 'customerCode' in event.data ? event.data.customerCode : '',
    customerName: ctx.profile?.name,
    branch: ctx.branch,
  };
  switch (event.type) {
    case 'BillIssued': {
      const d = event.data;
      if (!d.reading) return undefined;
      return {
        templateId: 'bill-issued',
        data: {
          ...base,
          customerName: d.customerName ?? base.customerName,
          period: d.period,
          oldIndex: d.reading.oldIndex,
          newIndex: d.reading.newIndex,
          kwh: d.kwh,
          amountDue: d.amountDue,
          creditApplied: d.creditApplied,
          dueDate: d.dueDate,
          payChannels: ctx.payChannels,
        },
      };
    }
    case 'PaymentReceived': {
      const d = event.data;
      const owed = outstandingOf(ctx.balance);
      const applied = ctx.balance?.settledPayments.includes(d.paymentId) ?? false;
      const left = applied ? owed : owed - d.amount;
      return {
        templateId: 'payment-received',
        data: {
          ...base,
          amount: d.amount,
          partner: d.partner,
          channel: d.channel,
          paidAt: d.paidAt,
          outstanding: Math.max(0, left),
          credit: applied ? undefined : Math.max(0, -left),
        },
      };
    }
    case 'PaymentReversed': {
      const d = event.data;
      return {
        templateId: 'payment-reversed',
        data: {
          ...base,
          amount: d.amount,
          partner: d.partner,
          reversedAt: d.reversedAt,
          reason: d.reason,
          outstanding: outstandingOf(ctx.balance) + d.amount,
          payChannels: ctx.payChannels,
        },
      };
    }
    case 'AutoDebitFailed': {
      const d = event.data;
      return {
        templateId: 'auto-debit-failed',
        data: {
          ...base,
          amount: d.amount,
          partner: d.partner,
          reasonCode: d.reasonCode,
          dueDate: nextDueDate(ctx.balance),
          payChannels: ctx.payChannels.filter((channel) => channel !== d.partner),
        },
      };
    }
    case 'MandateRegistered': {
      const d = event.data;
      return {
        templateId: 'mandate-registered',
        data: { ...base, partner: d.partner, accountMasked: d.accountMasked, registeredAt: d.registeredAt },
      };
    }
    case 'MandateCancelled': {
      const d = event.data;
      return {
        templateId: 'mandate-cancelled',
        data: {
          ...base,
          partner: d.partner,
          cancelledAt: d.cancelledAt,
          reason: d.reason,
          payChannels: ctx.payChannels,
        },
      };
    }
    default:
      return undefined;
  }
}

/** The contact an event's message goes to: the bill's own (freshest at bill time), else the profile's. */
export function contactFor(event: KnownEvent, profile?: CustomerProfile): Contact {
  const own = event.type === 'BillIssued' ? event.data.contact : undefined;
  return {
    phone: own?.phone ?? profile?.phone,
    email: own?.email ?? profile?.email,
  };
}

/** The words for one channel, rendered once so every retry sends the same. */
export function renderFor(
  channel: NotificationChannel,
  input: TemplateInput,
): NotificationMessage & { segments?: number } {
  if (channel === 'sms') {
    const sms = renderSms(input.templateId, input.data as never);
    return { text: sms.text, segments: sms.segments };
  }
  const email = renderEmail(input.templateId, input.data as never);
  return { subject: email.subject, text: email.text, html: email.html };
}
