import type { EventDataMap, EventType, KnownEvent } from '@gridpay/contracts';
import type { CampaignTargets } from '../campaign/campaign-targets';

/**
 * A small month worked out by hand (README "Reporting and the dashboard"): eight customers billed
 * for 2025-06, due 2025-07-15, in two communes.
 *
 *  C1 Quế Xuân 300,000  momo WALLET in full 07-03                    through, cashless
 *  C2 Quế Xuân 200,000  ecpay COUNTER (cash at the agent) 07-05      through, not cashless
 *  C3 Quế Phú  500,000  vietcombank INTERNET_BANKING 200,000 07-03
 *                       + agribank COUNTER 300,000 07-10             through, not cashless
 *  C4 Quế Phú  400,000  auto-debit fails (51) 07-08, succeeds 07-12  through, cashless
 *  C5 Quế Phú  250,000  unpaid                                       owes 250,000
 *  C6 Quế Xuân 150,000  vnpay WALLET 07-06, reversed the same day    owes 150,000
 *  C7 Quế Xuân 100,000  momo WALLET naming no bill, 2025-07-08T18:30Z
 *                       (07-09 in Vietnam); billing settles C7's bill through, cashless
 *  C8 Quế Phú  350,000  auto-debit fails twice (51, then 05)         owes 350,000
 *
 *  billed 8, through partners 5 (62.5%), cashless 3 (37.5%).
 *  Enrollments in June: NV001 C4 + C8 (vietinbank), NV004 C1 (momo, e-channel), nv002 C7 (momo,
 *  cancelled 06-25), NV999 C3 (agribank, in no team).
 *  Reconciliation: momo 07-03 matched; ecpay 07-05 run twice, the later run matched.
 */
export const MONTH_TARGETS: CampaignTargets = {
  branch: 'Test branch',
  plan: { throughPartnersShare: 0.5, cashlessShare: 0.4, enrollmentsPerMonth: 5 },
  eChannelPartners: ['momo', 'vnpay'],
  teams: [
    {
      code: 'A',
      name: 'Team A',
      target: 3,
      members: [
        { code: 'NV001', name: 'An', target: 2 },
        { code: 'NV002', name: 'Bình', target: 1 },
      ],
    },
    { code: 'B', name: 'Team B', target: 2, members: [{ code: 'NV004', name: 'Dung', target: 2 }] },
  ],
};

export interface MonthOptions {
  /** Customer code of C1..C8 (13 characters). */
  code?: (n: number) => string;
  /** A UUIDv7 per event. */
  eventId?: () => string;
  /** Prefix of payment, bill, mandate and run ids, so runs of a test do not collide. */
  ids?: string;
}

let serial = 0;
function defaultEventId(): string {
  serial++;
  return `01970000-0000-7000-8000-${serial.toString(16).padStart(12, '0')}`;
}

export function handComputedMonth(options: MonthOptions = {}): KnownEvent[] {
  const code = options.code ?? ((n: number) => `PB0502${String(n).padStart(7, '0')}`);
  const nextId = options.eventId ?? defaultEventId;
  const x = options.ids ?? '';
  const events: KnownEvent[] = [];
  const emit = <T extends EventType>(type: T, data: EventDataMap[T], occurredAt: string, key: string) =>
    events.push({
      eventId: nextId(),
      type,
      schemaVersion: type === 'CustomerRegistered' ? 2 : 1,
      occurredAt,
      producer: 'test',
      partitionKey: key,
      correlationId: 'hand-computed-month',
      data,
    } as KnownEvent);

  const communes = [
    '',
    'Quế Xuân',
    'Quế Xuân',
    'Quế Phú',
    'Quế Phú',
    'Quế Phú',
    'Quế Xuân',
    'Quế Xuân',
    'Quế Phú',
  ];
  const amounts = [0, 300_000, 200_000, 500_000, 400_000, 250_000, 150_000, 100_000, 350_000];
  const bill = (n: number) => `${x}B-${code(n)}-2025-06`;
  for (let n = 1; n <= 8; n++) {
    const c = code(n);
    emit(
      'CustomerRegistered',
      {
        customerCode: c,
        name: `Customer ${n}`,
        commune: communes[n],
        households: 1,
        purpose: 'residential',
        voltageBand: '<6kV',
        threePriceMeter: false,
        landlordDeclaredOccupants: true,
        contact: { phone: '+84905123456' },
      },
      '2025-05-01T00:00:00.000Z',
      c,
    );
    emit(
      'BillIssued',
      {
        billId: bill(n),
        customerCode: c,
        period: '2025-06',
        kwh: 100,
        lines: [],
        subtotal: amounts[n],
        vatRate: 8,
        vat: 0,
        total: amounts[n],
        creditApplied: 0,
        amountDue: amounts[n],
        dueDate: '2025-07-15',
        contact: { phone: '+84905123456' },
        commune: communes[n],
      },
      '2025-07-01T01:00:00.000Z',
      c,
    );
  }

  const pay = (
    n: number,
    paymentId: string,
    partner: string,
    channel: string,
    amount: number,
    paidAt: string,
    named = true,
  ) => {
    const c = code(n);
    emit(
      'PaymentReceived',
      {
        paymentId: x + paymentId,
        customerCode: c,
        ...(named ? { billId: bill(n), appliedTo: [{ billId: bill(n), amount }] } : {}),
        amount,
        partner,
        channel,
        cashless: channel !== 'COUNTER',
        partnerReference: `REF-${x}${paymentId}`,
        paidAt,
      },
      paidAt,
      c,
    );
  };
  const settle = (
    n: number,
    paymentId: string,
    applied: number,
    outstanding: number,
    at: string,
    status: 'paid' | 'partly-paid' | 'reopened' = outstanding === 0 ? 'paid' : 'partly-paid',
  ) =>
    emit(
      'BillSettled',
      {
        billId: bill(n),
        customerCode: code(n),
        period: '2025-06',
        paymentId: x + paymentId,
        amountApplied: applied,
        outstanding,
        status,
        credit: 0,
        settledAt: at,
      },
      at,
      code(n),
    );
  const failDebit = (
    n: number,
    run: string,
    reasonCode: string,
    reason: string,
    attempt: number,
    at: string,
  ) =>
    emit(
      'AutoDebitFailed',
      {
        runId: x + run,
        mandateId: `${x}M${n}`,
        billId: bill(n),
        customerCode: code(n),
        amount: amounts[n],
        partner: 'vietinbank',
        reasonCode,
        reason,
        attempt,
        failedAt: at,
      },
      at,
      code(n),
    );
  const mandate = (n: number, partner: string, enrolledBy: string, at: string) =>
    emit(
      'MandateRegistered',
      {
        mandateId: `${x}M${n}`,
        customerCode: code(n),
        partner,
        accountMasked: '****1234',
        enrolledBy,
        registeredAt: at,
      },
      at,
      code(n),
    );

  mandate(4, 'vietinbank', 'NV001', '2025-06-10T03:00:00.000Z');
  mandate(8, 'vietinbank', 'NV001', '2025-06-12T03:00:00.000Z');
  mandate(1, 'momo', 'NV004', '2025-06-15T03:00:00.000Z');
  mandate(7, 'momo', 'nv002', '2025-06-20T03:00:00.000Z');
  mandate(3, 'agribank', 'NV999', '2025-06-21T03:00:00.000Z');
  emit(
    'MandateCancelled',
    {
      mandateId: `${x}M7`,
      customerCode: code(7),
      partner: 'momo',
      reason: 'customer asked',
      cancelledAt: '2025-06-25T03:00:00.000Z',
    },
    '2025-06-25T03:00:00.000Z',
    code(7),
  );

  pay(1, 'P1', 'momo', 'WALLET', 300_000, '2025-07-03T02:00:00.000Z');
  settle(1, 'P1', 300_000, 0, '2025-07-03T02:00:01.000Z');
  pay(2, 'P2', 'ecpay', 'COUNTER', 200_000, '2025-07-05T03:00:00.000Z');
  settle(2, 'P2', 200_000, 0, '2025-07-05T03:00:01.000Z');
  pay(3, 'P3a', 'vietcombank', 'INTERNET_BANKING', 200_000, '2025-07-03T04:00:00.000Z');
  settle(3, 'P3a', 200_000, 300_000, '2025-07-03T04:00:01.000Z');
  pay(3, 'P3b', 'agribank', 'COUNTER', 300_000, '2025-07-10T04:00:00.000Z');
  settle(3, 'P3b', 300_000, 0, '2025-07-10T04:00:01.000Z');

  failDebit(4, 'R1', '51', 'insufficient funds', 1, '2025-07-08T01:00:00.000Z');
  pay(4, 'P4', 'vietinbank', 'AUTO_DEBIT', 400_000, '2025-07-12T01:00:00.000Z');
  emit(
    'AutoDebitSucceeded',
    {
      runId: `${x}R2`,
      mandateId: `${x}M4`,
      billId: bill(4),
      customerCode: code(4),
      amount: 400_000,
      partner: 'vietinbank',
      paymentId: `${x}P4`,
      debitedAt: '2025-07-12T01:00:00.000Z',
    },
    '2025-07-12T01:00:00.000Z',
    code(4),
  );
  settle(4, 'P4', 400_000, 0, '2025-07-12T01:00:01.000Z');

  pay(6, 'P6', 'vnpay', 'WALLET', 150_000, '2025-07-06T02:00:00.000Z');
  settle(6, 'P6', 150_000, 0, '2025-07-06T02:00:01.000Z');
  emit(
    'PaymentReversed',
    {
      paymentId: `${x}P6`,
      customerCode: code(6),
      billId: bill(6),
      amount: 150_000,
      partner: 'vnpay',
      reason: 'customer cancelled',
      reversedAt: '2025-07-06T05:00:00.000Z',
    },
    '2025-07-06T05:00:00.000Z',
    code(6),
  );
  settle(6, 'P6', 150_000, 150_000, '2025-07-06T05:00:01.000Z', 'reopened');

  pay(7, 'P7', 'momo', 'WALLET', 100_000, '2025-07-08T18:30:00.000Z', false);
  settle(7, 'P7', 100_000, 0, '2025-07-08T18:30:01.000Z');

  failDebit(8, 'R1', '51', 'insufficient funds', 1, '2025-07-08T01:00:00.000Z');
  failDebit(8, 'R2', '05', 'do not honour', 2, '2025-07-12T01:00:00.000Z');

  const reconciled = (
    partner: string,
    date: string,
    matched: number,
    missingAtUs: number,
    amount: number,
    at: string,
  ) =>
    emit(
      'ReconciliationCompleted',
      {
        partner,
        businessDate: date,
        matched,
        missingAtPartner: 0,
        missingAtUs,
        amountMismatches: 0,
        matchedAmount: amount,
        completedAt: at,
      },
      at,
      partner,
    );
  reconciled('momo', '2025-07-03', 1, 0, 300_000, '2025-07-04T01:00:00.000Z');
  // The corrected file's run is read first: the earlier run must not overwrite it.
  reconciled('ecpay', '2025-07-05', 1, 0, 200_000, '2025-07-06T05:00:00.000Z');
  reconciled('ecpay', '2025-07-05', 0, 1, 0, '2025-07-06T01:00:00.000Z');
  return events;
}
