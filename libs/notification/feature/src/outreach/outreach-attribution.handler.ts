import type { KnownEvent } from '@gridpay/contracts';
import { SHORT_CODE } from '@gridpay/notification/domain';
import type { EventHandler } from '@gridpay/shared/messaging';
import type { OutreachStore } from './outreach.store';

/**
 * Ties auto-debit enrollments to the outreach that preceded them: by the short code the customer
 * quoted (MandateRegistered.enrolledBy holding the code), else by the customer's latest invitation,
 * with the employee who enrolled them (enrolledBy) or else the one behind the campaign. Stored only
 * (no contract publishes it yet); GET /outreach/:campaign reports it.
 */
export class OutreachAttributionHandler implements EventHandler {
  constructor(private readonly store: OutreachStore) {}

  async handle(events: KnownEvent[]): Promise<void> {
    for (const event of events) {
      if (event.type !== 'MandateRegistered') continue;
      const { customerCode, mandateId, partner, registeredAt, enrolledBy } = event.data;
      const quoted = enrolledBy?.trim().toUpperCase();
      const byCode =
        quoted && SHORT_CODE.test(quoted) ? await this.store.codes.findOne({ _id: quoted }) : null;
      if (byCode) {
        await this.store.enroll({
          campaign: byCode.campaign,
          customerCode,
          mandateId,
          partner,
          code: byCode._id,
          employeeCode: byCode.employeeCode,
          via: 'code',
          registeredAt,
        });
        continue;
      }
      const invitation = await this.store.latest.findOne({ _id: customerCode });
      if (!invitation || invitation.invitedAt > registeredAt) continue;
      await this.store.enroll({
        campaign: invitation.campaign,
        customerCode,
        mandateId,
        partner,
        code: invitation.code,
        employeeCode: enrolledBy ?? invitation.employeeCode,
        via: 'invited-customer',
        registeredAt,
      });
    }
  }
}
