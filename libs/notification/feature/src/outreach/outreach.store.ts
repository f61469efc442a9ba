import type { Connection, mongo } from 'mongoose';
import { outreachShortCode } from '@gridpay/notification/domain';
import { isDuplicateKey } from '@gridpay/shared/event-store';
import { connectedDb } from '@gridpay/shared/mongo';

/** A short code handed out: who got it, in which campaign, on whose behalf. `_id` = the code. */
export interface ShortCodeDoc {
  _id: string;
  campaign: string;
  customerCode: string;
  employeeCode: string;
}

/** One customer invited in one campaign. `_id` = "<campaign>|<customer code>". */
export interface InvitationDoc {
  _id: string;
  campaign: string;
  customerCode: string;
  code: string;
  employeeCode: string;
  channel: string;
  invitedAt: string;
}

/** An enrollment that followed an invitation. `_id` = "<campaign>|<mandate id>". */
export interface EnrollmentDoc {
  _id: string;
  campaign: string;
  customerCode: string;
  mandateId: string;
  partner: string;
  code: string;
  employeeCode: string;
  /** How it was tied to the campaign: the code quoted at enrollment, or the invited customer. */
  via: 'code' | 'invited-customer';
  registeredAt: string;
}

const range = (prefix: string) => ({ _id: { $gte: `${prefix}|`, $lt: `${prefix}}` } });

/** Outreach campaigns: insert-only, keyed so each question is one _id lookup or one _id range. */
export class OutreachStore {
  constructor(private readonly connection: Connection) {}

  private collection<T extends mongo.Document>(name: string): mongo.Collection<T> {
    return connectedDb(this.connection).collection<T>(name);
  }

  get codes() {
    return this.collection<ShortCodeDoc>('outreach_codes');
  }
  get invitations() {
    return this.collection<InvitationDoc>('outreach_invitations');
  }
  /** The latest invitation per customer (`_id` = customer code), for enrollments quoting no code. */
  get latest() {
    return this.collection<InvitationDoc & { _id: string }>('outreach_latest');
  }
  get enrollments() {
    return this.collection<EnrollmentDoc>('outreach_enrollments');
  }

  /** The customer's code in the campaign: the same on every call, moved past collisions by the unique _id. */
  async codeFor(campaign: string, customerCode: string, employeeCode: string): Promise<string> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const code = outreachShortCode(campaign, customerCode, attempt);
      try {
        await this.codes.insertOne({ _id: code, campaign, customerCode, employeeCode });
        return code;
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        const taken = await this.codes.findOne({ _id: code });
        if (taken?.campaign === campaign && taken.customerCode === customerCode) return code;
      }
    }
    throw new Error(`no free short code for ${customerCode} in ${campaign}`);
  }

  /** Records the invitation; false when the customer was invited in this campaign already. */
  async invite(invitation: Omit<InvitationDoc, '_id'>): Promise<boolean> {
    const doc = { _id: `${invitation.campaign}|${invitation.customerCode}`, ...invitation };
    try {
      await this.invitations.insertOne(doc);
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      return false;
    }
    await this.latest.replaceOne({ _id: invitation.customerCode }, invitation, { upsert: true });
    return true;
  }

  async enroll(enrollment: Omit<EnrollmentDoc, '_id'>): Promise<void> {
    try {
      await this.enrollments.insertOne({
        _id: `${enrollment.campaign}|${enrollment.mandateId}`,
        ...enrollment,
      });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
  }

  async campaign(campaign: string): Promise<{ invitations: InvitationDoc[]; enrollments: EnrollmentDoc[] }> {
    const [invitations, enrollments] = await Promise.all([
      this.invitations.find(range(campaign)).toArray(),
      this.enrollments.find(range(campaign)).toArray(),
    ]);
    return { invitations, enrollments };
  }
}
