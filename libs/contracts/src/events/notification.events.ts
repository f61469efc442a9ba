import { IsIn, IsInt, IsISO8601, IsString, Matches, Min } from 'class-validator';
import { CUSTOMER_CODE, CUSTOMER_CODE_MESSAGE } from '../validation';

const CHANNELS = ['sms', 'email'] as const;
/**
 * The notification domain's template ids. The first three were the names before the template catalog
 * existed; they stay accepted so events already published still read.
 */
const TEMPLATES = [
  'bill',
  'receipt',
  'auto-debit-failed',
  'bill-issued',
  'payment-received',
  'payment-reversed',
  'mandate-registered',
  'mandate-cancelled',
  'outreach-invitation',
] as const;

export class NotificationSentV1 {
  @IsString()
  notificationId!: string;
  @Matches(CUSTOMER_CODE, { message: CUSTOMER_CODE_MESSAGE })
  customerCode!: string;
  @IsIn(CHANNELS)
  channel!: (typeof CHANNELS)[number];
  @IsIn(TEMPLATES)
  template!: (typeof TEMPLATES)[number];
  /** Masked destination, e.g. +8490***4567 */
  @IsString()
  to!: string;
  @IsISO8601()
  sentAt!: string;
}

export class NotificationFailedV1 {
  @IsString()
  notificationId!: string;
  @Matches(CUSTOMER_CODE, { message: CUSTOMER_CODE_MESSAGE })
  customerCode!: string;
  @IsIn(CHANNELS)
  channel!: (typeof CHANNELS)[number];
  @IsIn(TEMPLATES)
  template!: (typeof TEMPLATES)[number];
  @IsString()
  reason!: string;
  @IsInt()
  @Min(1)
  attempts!: number;
  @IsISO8601()
  failedAt!: string;
}
