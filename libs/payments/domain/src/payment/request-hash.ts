import { createHash } from 'node:crypto';
import type { Channel } from '@gridpay/partner-api';

/** What a partner's payment request says; two requests are the same payment when these are equal. */
export interface PaymentRequestContent {
  customerCode: string;
  billIds?: readonly string[];
  amount: number;
  channel: Channel;
  paidAt: string;
}

/** A stable hash of the request content (field order and absent billIds do not change it). */
export function paymentRequestHash(content: PaymentRequestContent): string {
  const canonical = JSON.stringify([
    content.customerCode,
    content.billIds && content.billIds.length > 0 ? [...content.billIds] : null,
    content.amount,
    content.channel,
    content.paidAt,
  ]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}
