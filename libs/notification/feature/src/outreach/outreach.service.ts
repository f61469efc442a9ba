import { Logger } from '@nestjs/common';
import {
  inSegment,
  paysInCash,
  type ChannelChoice,
  type CustomerProfile,
  type OutreachSegment,
} from '@gridpay/notification/domain';
import type { NotificationOptions } from '../notification.options';
import type { MessageRequest, MessageScheduler, ScheduleResult } from '../scheduling/message-scheduler';
import type { CustomerViews } from '../views/customer-views.store';
import type { OutreachStore } from './outreach.store';

export interface OutreachRequest {
  campaign: string;
  employeeCode: string;
  channel: ChannelChoice;
  segment: OutreachSegment;
}

export interface OutreachResult {
  campaign: string;
  /** Customers in the segment that notification knows of. */
  inSegment: number;
  /** Of those, the ones who still pay in cash: the ones invited. */
  cashPayers: number;
  invited: Array<{ customerCode: string; code: string }>;
  scheduled: number;
  alreadyScheduled: number;
  suppressed: ScheduleResult['suppressed'];
}

/**
 * Enrollment outreach: invites the customers of a segment who still pay in cash to pay online or
 * register auto-debit, each with a short code that ties a later enrollment to the campaign and the
 * employee behind it. Asking again for the same campaign invites nobody twice (same codes, same
 * message ids).
 */
export class OutreachService {
  private readonly logger = new Logger('Outreach');

  constructor(
    private readonly views: CustomerViews,
    private readonly store: OutreachStore,
    private readonly scheduler: MessageScheduler,
    private readonly options: NotificationOptions,
  ) {}

  /** The customers of a segment who still pay in cash, with their profiles. */
  async cashPayers(segment: OutreachSegment): Promise<{ inSegment: number; payers: CustomerProfile[] }> {
    let profiles: CustomerProfile[];
    if (segment.customerCodes) {
      const codes = [...new Set(segment.customerCodes)];
      const found = await Promise.all(codes.map((code) => this.views.profiles.get(code)));
      profiles = codes.map((code, i) => found[i] ?? { customerCode: code });
    } else {
      profiles = (await this.views.profiles.all()).map(({ state }) => state);
    }
    const members = profiles.filter((profile) => inSegment(profile, profile.customerCode, segment));
    const codes = members.map((m) => m.customerCode);
    const [habits, mandates] = await Promise.all([
      Promise.all(codes.map((code) => this.views.habits.get(code))),
      Promise.all(codes.map((code) => this.views.mandates.get(code))),
    ]);
    return {
      inSegment: members.length,
      payers: members.filter((_, i) => paysInCash(habits[i], mandates[i])),
    };
  }

  async send(request: OutreachRequest): Promise<OutreachResult> {
    const { inSegment: size, payers } = await this.cashPayers(request.segment);
    const invitedAt = this.options.clock().toISOString();
    const invited: OutreachResult['invited'] = [];
    const requests: MessageRequest[] = [];
    for (const profile of payers) {
      const code = await this.store.codeFor(request.campaign, profile.customerCode, request.employeeCode);
      await this.store.invite({
        campaign: request.campaign,
        customerCode: profile.customerCode,
        code,
        employeeCode: request.employeeCode,
        channel: request.channel,
        invitedAt,
      });
      invited.push({ customerCode: profile.customerCode, code });
      requests.push({
        sourceEventId: `outreach:${request.campaign}:${profile.customerCode}`,
        customerCode: profile.customerCode,
        input: {
          templateId: 'outreach-invitation',
          data: {
            customerCode: profile.customerCode,
            customerName: profile.name,
            branch: this.options.branch,
            code,
            payChannels: this.options.payChannels,
          },
        },
        contact: { phone: profile.phone, email: profile.email },
        requested: request.channel,
        correlationId: `outreach:${request.campaign}`,
      });
    }
    const result = await this.scheduler.schedule(requests);
    this.logger.log(
      `campaign ${request.campaign} by ${request.employeeCode}: ${payers.length} cash payers of ${size} in segment, ${result.scheduled} messages scheduled`,
    );
    return {
      campaign: request.campaign,
      inSegment: size,
      cashPayers: payers.length,
      invited,
      scheduled: result.scheduled,
      alreadyScheduled: result.alreadyScheduled,
      suppressed: result.suppressed,
    };
  }

  async report(campaign: string) {
    const { invitations, enrollments } = await this.store.campaign(campaign);
    const byEmployee: Record<string, { invited: number; enrolled: number }> = {};
    for (const i of invitations) (byEmployee[i.employeeCode] ??= { invited: 0, enrolled: 0 }).invited++;
    for (const e of enrollments) (byEmployee[e.employeeCode] ??= { invited: 0, enrolled: 0 }).enrolled++;
    const strip = <T extends { _id: string }>({ _id, ...rest }: T) => rest;
    return {
      campaign,
      invited: invitations.length,
      enrolled: enrollments.length,
      byEmployee,
      invitations: invitations.map(strip),
      enrollments: enrollments.map(strip),
    };
  }
}
