import type { Branch, TemplateData } from './template-data';

const branch: Branch = { name: 'Điện lực Quế Sơn', hotline: '19001909' };
const customer = { customerCode: 'PB05020054904', customerName: 'Nguyễn Văn An', branch };
const payChannels = ['momo', 'vnpay', 'viettelpay', 'bank'];

/** One plausible event per template, for the preview CLI and the template tests. */
export const SAMPLE_DATA: TemplateData = {
  'bill-issued': {
    ...customer,
    period: '2026-10',
    oldIndex: 1200,
    newIndex: 1350,
    kwh: 150,
    amountDue: 346_356,
    dueDate: '2026-11-15',
    payChannels,
  },
  'payment-received': {
    ...customer,
    amount: 346_356,
    partner: 'momo',
    channel: 'wallet',
    paidAt: '2026-11-05T01:15:00Z',
    outstanding: 0,
  },
  'auto-debit-failed': {
    ...customer,
    amount: 346_356,
    partner: 'momo',
    reasonCode: '1001',
    retryAt: '2026-11-08T01:00:00Z',
    dueDate: '2026-11-15',
    payChannels: ['vnpay', 'viettelpay', 'bank'],
  },
  'payment-reversed': {
    ...customer,
    amount: 346_356,
    partner: 'vnpay',
    reversedAt: '2026-11-05T09:30:00Z',
    reason: 'Giao dịch trùng',
    outstanding: 346_356,
    payChannels,
  },
  'mandate-registered': {
    ...customer,
    partner: 'vietcombank',
    accountMasked: '****1234',
    registeredAt: '2026-11-05T03:00:00Z',
  },
  'mandate-cancelled': {
    ...customer,
    partner: 'vietcombank',
    cancelledAt: '2026-11-20T03:00:00Z',
    reason: 'Khách hàng yêu cầu',
    payChannels,
  },
  'outreach-invitation': {
    ...customer,
    code: 'QS7K2P',
    payChannels: ['momo', 'vnpay', 'bank'],
    enrollUrl: 'evncpc.vn/dk',
  },
};
