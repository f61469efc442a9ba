import type { EventDataMap } from '@gridpay/contracts';
import { notificationIdFor } from '@gridpay/notification/domain';
import { waitFor } from '@gridpay/shared/testing';
import { NotificationHarness, testCustomer } from './notification.harness';

jest.setTimeout(600_000);

type Customer = ReturnType<typeof testCustomer>;

const bill = (c: Customer, contact: { phone?: string; email?: string } = c): EventDataMap['BillIssued'] => ({
  billId: `${c.customerCode}-2026-10`,
  customerCode: c.customerCode,
  period: '2026-10',
  kwh: 150,
  lines: [{ label: 'Bậc 1', kwh: 50, unitPrice: 1984, amount: 99_200 }],
  subtotal: 320_700,
  vatRate: 8,
  vat: 25_656,
  total: 346_356,
  creditApplied: 0,
  amountDue: 346_356,
  dueDate: '2026-11-15',
  contact: {
    ...(contact.phone ? { phone: contact.phone } : {}),
    ...(contact.email ? { email: contact.email } : {}),
  },
  reading: { previousReadDate: '2026-09-30', readDate: '2026-10-31', oldIndex: 1200, newIndex: 1350 },
  customerName: 'Nguyễn Văn An',
  commune: 'Quế An',
});

const registered = (
  c: Customer,
  extra: Partial<EventDataMap['CustomerRegistered']> = {},
): EventDataMap['CustomerRegistered'] => ({
  customerCode: c.customerCode,
  name: 'Trần Thị Bình',
  commune: 'Quế An',
  households: 1,
  purpose: 'residential',
  voltageBand: '<6kV',
  threePriceMeter: false,
  landlordDeclaredOccupants: true,
  contact: { phone: c.phone, email: c.email },
  ...extra,
});

const payment = (
  c: Customer,
  cashless: boolean,
  paidAt = '2026-11-02T03:00:00Z',
): EventDataMap['PaymentReceived'] => ({
  paymentId: `pay-${c.customerCode}-${paidAt}`,
  customerCode: c.customerCode,
  amount: 346_356,
  partner: cashless ? 'momo' : 'ecpay',
  channel: cashless ? 'wallet' : 'counter',
  cashless,
  partnerReference: `ref-${c.customerCode}`,
  paidAt,
});

/** The next instant at the given local (UTC+7) wall-clock hour, after `from`. */
function nextLocal(hour: number, from: Date): Date {
  const d = new Date(from);
  d.setUTCMinutes(0, 0, 0);
  d.setUTCHours(hour - 7 < 0 ? hour + 17 : hour - 7);
  while (d <= from) d.setUTCDate(d.getUTCDate() + 1);
  return d;
}

describe('notification service on real Kafka, FerretDB, the sandbox SMS gateway and an SMTP server', () => {
  const h = new NotificationHarness();

  beforeAll(async () => {
    await h.setUp();
    await h.startConsumers();
    h.dispatcher.start();
  });
  afterAll(() => h.tearDown());

  it('a bill goes out once by SMS and once by email, even delivered twice and replayed by a fresh consumer group', async () => {
    const c = testCustomer();
    const event = h.envelope('BillIssued', bill(c), c.customerCode);
    await h.publish(h.topics.bills, [event, event]);

    await h.waitForState(event.eventId, 'sms', 'sent');
    await h.waitForState(event.eventId, 'email', 'sent');
    // A group with no inbox entries and no offsets reads the topic again: a restart that lost both.
    const replay = await h.consumer(h.scheduler, [h.topics.bills]);
    await waitFor('the replaying group to read both copies', () => replay.stats.handled >= 1);
    await h.publish(h.topics.bills, [event]);
    await waitFor('the redelivery to be dropped', () => replay.stats.duplicates + replay.stats.handled >= 2);
    await h.dispatcher.runOnce();
    await replay.stop();

    const sms = await h.gatewaySms({ to: c.phone });
    expect(sms).toHaveLength(1);
    expect(sms[0]).toMatchObject({ requestId: notificationIdFor(event.eventId, 'sms') });
    expect(sms[0].text).toMatch(
      /^KH .{13} \(Nguyen Van An\) thang 10\/2026: chi so cu 1200, moi 1350, dien nang 150 kWh\. Tien dien 346\.356d, han TT 15\/11\./,
    );
    expect(h.smtp.to(c.email)).toHaveLength(1);
    expect(h.smtp.to(c.email)[0].notificationId).toBe(notificationIdFor(event.eventId, 'email'));

    const sent = (await h.outbox()).filter(
      (e) => e.type === 'NotificationSent' && e.data.customerCode === c.customerCode,
    );
    expect(sent.map((e) => e.data)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          channel: 'sms',
          template: 'bill-issued',
          to: expect.stringMatching(/^\+849\d{2}\*\*\*\d{3}$/),
        }),
        expect.objectContaining({
          channel: 'email',
          template: 'bill-issued',
          to: expect.stringMatching(/^kh\*\*\*@example\.vn$/),
        }),
      ]),
    );
    expect(sent).toHaveLength(2);

    const log = await h.log.forCustomer(c.customerCode);
    expect(log.map((l) => [l.channel, l.status, l.attempts])).toEqual(
      expect.arrayContaining([
        ['sms', 'sent', 1],
        ['email', 'sent', 1],
      ]),
    );
    expect(JSON.stringify(log)).not.toContain(c.phone);
    expect(JSON.stringify(log)).not.toContain(c.email);
  });

  it('a transient gateway failure is retried with backoff, then the SMS goes out once', async () => {
    const c = testCustomer();
    await h.gatewayFails([c.phone], 'transient', 2);
    const event = h.envelope('BillIssued', bill(c, { phone: c.phone }), c.customerCode);
    await h.publish(h.topics.bills, [event]);

    const state = await h.waitForState(event.eventId, 'sms', 'sent');
    expect(state.attempts).toBe(2);
    const { events } = await h.notification(event.eventId, 'sms');
    expect(events.map((e) => e.type)).toEqual([
      'NotificationScheduled',
      'NotificationAttemptFailed',
      'NotificationAttemptFailed',
      'NotificationSent',
    ]);
    expect(await h.gatewaySms({ to: c.phone })).toHaveLength(1);
  });

  it('an invalid number and a bounced address fail at once, are recorded and not retried', async () => {
    const c = testCustomer();
    await h.gatewayFails([c.phone], 'permanent');
    h.smtp.bounce.add(c.email);
    const event = h.envelope('BillIssued', bill(c), c.customerCode);
    await h.publish(h.topics.bills, [event]);

    const sms = await h.waitForState(event.eventId, 'sms', 'failed');
    const email = await h.waitForState(event.eventId, 'email', 'failed');
    expect(sms.failure).toMatchObject({
      kind: 'permanent',
      reason: expect.stringContaining('400 INVALID_NUMBER'),
    });
    expect(email.failure).toMatchObject({ kind: 'permanent', reason: expect.stringMatching(/^SMTP 550/) });
    expect(sms.attempts).toBe(1);
    expect(email.attempts).toBe(1);
    const failed = (await h.outbox()).filter(
      (e) => e.type === 'NotificationFailed' && e.data.customerCode === c.customerCode,
    );
    expect(failed.map((e) => e.data)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ channel: 'sms', attempts: 1 }),
        expect.objectContaining({ channel: 'email', attempts: 1 }),
      ]),
    );
    expect(await h.gatewaySms({ to: c.phone })).toHaveLength(0);
    expect(h.smtp.to(c.email)).toHaveLength(0);
  });

  it('an opted-out customer gets nothing; a customer who chose email gets no SMS', async () => {
    const out = testCustomer();
    const emailOnly = testCustomer();
    await h.preferences.set(out.customerCode, { channels: 'both', optOut: true }, new Date());
    await h.preferences.set(emailOnly.customerCode, { channels: 'email', optOut: false }, new Date());
    const events = [out, emailOnly].map((c) => h.envelope('BillIssued', bill(c), c.customerCode));
    await h.publish(h.topics.bills, events);

    await h.waitForState(events[1].eventId, 'email', 'sent');
    await waitFor(
      'the opted-out bill to be logged',
      async () => (await h.log.forCustomer(out.customerCode)).length === 2,
    );
    expect((await h.log.forCustomer(out.customerCode)).map((l) => [l.channel, l.status, l.reason])).toEqual(
      expect.arrayContaining([
        ['sms', 'suppressed', 'opted-out'],
        ['email', 'suppressed', 'opted-out'],
      ]),
    );
    expect(await h.gatewaySms({ to: out.phone })).toHaveLength(0);
    expect(h.smtp.to(out.email)).toHaveLength(0);
    expect(await h.gatewaySms({ to: emailOnly.phone })).toHaveLength(0);
    expect(h.smtp.to(emailOnly.email)).toHaveLength(1);
  });

  it('no SMS in the quiet hours: a receipt at 22:00 goes out at 07:00, its email at once', async () => {
    const c = testCustomer();
    await h.publish(h.topics.customers, [h.envelope('CustomerRegistered', registered(c), c.customerCode)]);
    await waitFor('the customer profile', () => h.views.profiles.get(c.customerCode));
    const evening = nextLocal(22, new Date());
    h.fixedNow = evening;
    try {
      const event = h.envelope('PaymentReceived', payment(c, true), c.customerCode);
      await h.publish(h.topics.payments, [event]);
      await h.waitForState(event.eventId, 'email', 'sent');
      const sms = await h.notification(event.eventId, 'sms');
      expect(sms.state).toMatchObject({ status: 'scheduled', dueAt: nextLocal(7, evening).toISOString() });
      await h.dispatcher.runOnce();
      expect(await h.gatewaySms({ to: c.phone })).toHaveLength(0);

      h.fixedNow = new Date(nextLocal(7, evening).getTime() - 1000);
      await h.dispatcher.runOnce();
      expect(await h.gatewaySms({ to: c.phone })).toHaveLength(0);

      h.fixedNow = nextLocal(7, evening);
      await h.waitForState(event.eventId, 'sms', 'sent');
      const [receipt] = await h.gatewaySms({ to: c.phone });
      expect(receipt.text).toContain('346.356d');
      expect((await h.notification(event.eventId, 'sms')).state.sentAt).toBe(
        nextLocal(7, evening).toISOString(),
      );
    } finally {
      h.fixedNow = undefined;
    }
  });

  it('outreach reaches exactly the cash payers of the segment, once, and attributes the enrollments that follow', async () => {
    const commune = `Quế Xuân ${Date.now().toString(36)}`;
    const cash = [testCustomer(), testCustomer(), testCustomer()];
    const cashless = testCustomer();
    const cashThenMandate = testCustomer();
    const neverPaid = testCustomer();
    const elsewhere = testCustomer();
    const inCommune = [...cash, cashless, cashThenMandate, neverPaid];
    await h.publish(h.topics.customers, [
      ...inCommune.map((c) => h.envelope('CustomerRegistered', registered(c, { commune }), c.customerCode)),
      h.envelope('CustomerRegistered', registered(elsewhere, { commune: 'Quế Phú' }), elsewhere.customerCode),
    ]);
    await h.publish(h.topics.payments, [
      ...cash.map((c) => h.envelope('PaymentReceived', payment(c, false), c.customerCode)),
      h.envelope('PaymentReceived', payment(cashless, false, '2026-09-02T03:00:00Z'), cashless.customerCode),
      h.envelope('PaymentReceived', payment(cashless, true), cashless.customerCode),
      h.envelope('PaymentReceived', payment(cashThenMandate, false), cashThenMandate.customerCode),
      h.envelope('PaymentReceived', payment(elsewhere, false), elsewhere.customerCode),
    ]);
    const mandate = (
      c: Customer,
      mandateId: string,
      enrolledBy?: string,
      registeredAt = '2026-11-03T03:00:00Z',
    ) =>
      h.envelope(
        'MandateRegistered',
        {
          mandateId,
          customerCode: c.customerCode,
          partner: 'vietcombank',
          accountMasked: '****1234',
          registeredAt,
          ...(enrolledBy ? { enrolledBy } : {}),
        },
        c.customerCode,
      );
    await h.publish(h.topics.autoDebit, [mandate(cashThenMandate, `m-${cashThenMandate.customerCode}`)]);
    await waitFor('the views of the segment', async () => {
      const habits = await Promise.all(
        [...cash, cashless, cashThenMandate].map((c) => h.views.habits.get(c.customerCode)),
      );
      const mandates = await h.views.mandates.get(cashThenMandate.customerCode);
      const profiles = await Promise.all(inCommune.map((c) => h.views.profiles.get(c.customerCode)));
      return (
        habits.every((x) => x) && habits[3]?.cashlessPayments === 1 && mandates && profiles.every((p) => p)
      );
    });

    const campaign = `it-${Date.now().toString(36)}`;
    const result = await h.outreach.send({
      campaign,
      employeeCode: 'NV0123',
      channel: 'sms',
      segment: { commune },
    });
    expect(result).toMatchObject({ inSegment: 6, cashPayers: 3, scheduled: 3 });
    expect(result.invited.map((i) => i.customerCode).sort()).toEqual(cash.map((c) => c.customerCode).sort());

    const codeOf = new Map(result.invited.map((i) => [i.customerCode, i.code]));
    for (const c of cash) {
      const sms = await waitFor(`the invitation to ${c.customerCode}`, async () => {
        // They also get the receipt of their cash payment: only the invitation is looked at here.
        const got = (await h.gatewaySms({ to: c.phone })).filter((m) => m.requestId.startsWith('outreach:'));
        return got.length > 0 ? got : undefined;
      });
      expect(sms).toHaveLength(1);
      expect(sms[0].text).toContain(codeOf.get(c.customerCode));
      expect(h.smtp.to(c.email).filter((m) => m.notificationId?.startsWith('outreach:'))).toEqual([]);
    }
    for (const c of [cashless, cashThenMandate, neverPaid, elsewhere])
      expect(
        (await h.gatewaySms({ to: c.phone })).filter((m) => m.requestId.startsWith('outreach:')),
      ).toEqual([]);

    const again = await h.outreach.send({
      campaign,
      employeeCode: 'NV0123',
      channel: 'sms',
      segment: { commune },
    });
    expect(again).toMatchObject({ scheduled: 0, alreadyScheduled: 3 });
    expect(again.invited).toEqual(result.invited);

    // One enrolls quoting the code at a bank; one is signed up by another employee without a code.
    const [first, second] = cash;
    await h.publish(h.topics.autoDebit, [
      mandate(first, `m-${first.customerCode}`, codeOf.get(first.customerCode), '2099-01-01T00:00:00Z'),
      mandate(second, `m-${second.customerCode}`, 'NV0456', '2099-01-01T00:00:00Z'),
    ]);
    const report = await waitFor('the enrollments to be attributed', async () => {
      const r = await h.outreach.report(campaign);
      return r.enrolled === 2 ? r : undefined;
    });
    expect(report).toMatchObject({
      invited: 3,
      enrolled: 2,
      byEmployee: { NV0123: { invited: 3, enrolled: 1 }, NV0456: { invited: 0, enrolled: 1 } },
    });
    expect(report.enrollments).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ customerCode: first.customerCode, via: 'code', employeeCode: 'NV0123' }),
        expect.objectContaining({
          customerCode: second.customerCode,
          via: 'invited-customer',
          employeeCode: 'NV0456',
        }),
      ]),
    );
  });

  it('a bill run of 1,000 gives exactly 1,000 SMS at the gateway and the 250 emails at the SMTP server', async () => {
    const customers = Array.from({ length: 1000 }, () => testCustomer());
    const events = customers.map((c, i) =>
      h.envelope('BillIssued', bill(c, i % 4 === 0 ? c : { phone: c.phone }), c.customerCode),
    );
    const since = new Date().toISOString();
    const started = Date.now();
    await h.publish(h.topics.bills, events);
    const expectedSms = new Set(events.map((e) => notificationIdFor(e.eventId, 'sms')));
    const expectedEmail = new Set(
      events.filter((_, i) => i % 4 === 0).map((e) => notificationIdFor(e.eventId, 'email')),
    );
    const mailsBefore = h.smtp.mails.length;

    const sms = await waitFor(
      '1,000 SMS at the gateway and 250 emails at the SMTP server',
      async () => {
        const got = (await h.gatewaySms({ since })).filter((m) => expectedSms.has(m.requestId));
        const mails = h.smtp.mails
          .slice(mailsBefore)
          .filter((m) => expectedEmail.has(m.notificationId ?? ''));
        if (process.env.IT_PROGRESS)
          process.stdout.write(
            `${((Date.now() - started) / 1000).toFixed(1)}s sms ${got.length} mails ${mails.length} waiting ${await h.queue.waiting()} ${JSON.stringify(h.dispatcher.stats)}\n`,
          );
        return got.length >= 1000 && mails.length >= 250 ? got : undefined;
      },
      { timeoutMs: 540_000, intervalMs: 500 },
    );
    const seconds = (Date.now() - started) / 1000;
    await h.dispatcher.runOnce();
    const mails = h.smtp.mails.slice(mailsBefore).filter((m) => expectedEmail.has(m.notificationId ?? ''));
    expect(sms).toHaveLength(1000);
    expect(new Set(sms.map((m) => m.to)).size).toBe(1000);
    expect(mails).toHaveLength(250);
    expect(new Set(mails.map((m) => m.to[0])).size).toBe(250);
    process.stdout.write(`bill run of 1,000: 1,000 SMS + 250 emails delivered in ${seconds.toFixed(1)} s\n`);
  });
});
