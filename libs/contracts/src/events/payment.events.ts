import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  Min,
  ValidateNested,
} from 'class-validator';
import { CUSTOMER_CODE, CUSTOMER_CODE_MESSAGE, DATE, IsDong } from '../validation';

/** The part of a payment one bill takes. */
export class PaymentPartV1 {
  @IsString()
  billId!: string;
  @IsDong()
  amount!: number;
}

export class PaymentReceivedV1 {
  @IsString()
  paymentId!: string;
  @Matches(CUSTOMER_CODE, { message: CUSTOMER_CODE_MESSAGE })
  customerCode!: string;
  /** Absent when the partner paid by customer code without naming a bill. */
  @IsOptional()
  @IsString()
  billId?: string;
  @IsDong()
  amount!: number;
  /** e.g. vnpay, momo, ecpay, vietinbank */
  @IsString()
  partner!: string;
  /** e.g. wallet, auto-debit, internet-banking, counter */
  @IsString()
  channel!: string;
  /** Whether the customer paid without handing over cash (an agent's counter is not cashless). */
  @IsBoolean()
  cashless!: boolean;
  @IsString()
  partnerReference!: string;
  @IsISO8601()
  paidAt!: string;
  /**
   * Added after the first release: how provider-integration split the payment over the open bills it
   * saw (oldest first, or the bills the partner named). What is not in it is customer credit.
   */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => PaymentPartV1)
  appliedTo?: PaymentPartV1[];
}

export class PaymentReversedV1 {
  @IsString()
  paymentId!: string;
  @Matches(CUSTOMER_CODE, { message: CUSTOMER_CODE_MESSAGE })
  customerCode!: string;
  @IsOptional()
  @IsString()
  billId?: string;
  @IsDong()
  amount!: number;
  @IsString()
  partner!: string;
  @IsString()
  reason!: string;
  @IsISO8601()
  reversedAt!: string;
}

export class MandateRegisteredV1 {
  @IsString()
  mandateId!: string;
  @Matches(CUSTOMER_CODE, { message: CUSTOMER_CODE_MESSAGE })
  customerCode!: string;
  @IsString()
  partner!: string;
  /** Masked account or card, e.g. ****1234 */
  @IsString()
  accountMasked!: string;
  /** Staff member whose enrollment campaign signed the customer up. */
  @IsOptional()
  @IsString()
  enrolledBy?: string;
  @IsISO8601()
  registeredAt!: string;
}

export class MandateCancelledV1 {
  @IsString()
  mandateId!: string;
  @Matches(CUSTOMER_CODE, { message: CUSTOMER_CODE_MESSAGE })
  customerCode!: string;
  @IsString()
  partner!: string;
  @IsString()
  reason!: string;
  @IsISO8601()
  cancelledAt!: string;
  /** Added later: true when the bank stopped the mandate (closed account, revoked), not the customer. */
  @IsOptional()
  @IsBoolean()
  suspended?: boolean;
}

export class AutoDebitSucceededV1 {
  @IsString()
  runId!: string;
  @IsString()
  mandateId!: string;
  @IsString()
  billId!: string;
  @Matches(CUSTOMER_CODE, { message: CUSTOMER_CODE_MESSAGE })
  customerCode!: string;
  @IsDong()
  amount!: number;
  @IsString()
  partner!: string;
  @IsString()
  paymentId!: string;
  @IsISO8601()
  debitedAt!: string;
  /** Added later: which attempt on the bill succeeded (from 1). */
  @IsOptional()
  @IsInt()
  @Min(1)
  attempt?: number;
}

export class AutoDebitFailedV1 {
  @IsString()
  runId!: string;
  @IsString()
  mandateId!: string;
  @IsString()
  billId!: string;
  @Matches(CUSTOMER_CODE, { message: CUSTOMER_CODE_MESSAGE })
  customerCode!: string;
  @IsDong()
  amount!: number;
  @IsString()
  partner!: string;
  /** The partner's own code, e.g. MoMo 1001 = insufficient funds. */
  @IsString()
  reasonCode!: string;
  @IsString()
  reason!: string;
  @IsInt()
  @Min(1)
  attempt!: number;
  @IsISO8601()
  failedAt!: string;
  /** Added later: whether another attempt is scheduled, and when. */
  @IsOptional()
  @IsBoolean()
  willRetry?: boolean;
  @IsOptional()
  @IsISO8601()
  nextAttemptAt?: string;
}

export class ReconciliationCompletedV1 {
  @IsString()
  partner!: string;
  @Matches(DATE)
  businessDate!: string;
  @IsInt()
  @Min(0)
  matched!: number;
  @IsInt()
  @Min(0)
  missingAtPartner!: number;
  @IsInt()
  @Min(0)
  missingAtUs!: number;
  @IsInt()
  @Min(0)
  amountMismatches!: number;
  @IsDong()
  matchedAmount!: number;
  @IsISO8601()
  completedAt!: string;
}
