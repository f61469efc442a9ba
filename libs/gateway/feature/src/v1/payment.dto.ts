import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { CUSTOMER_CODE } from '@gridpay/contracts';
import { CHANNELS, type Channel } from '@gridpay/partner-api';

export const PARTNER_TXN_ID = /^[A-Za-z0-9._-]{1,64}$/;
export const BILL_ID = /^[A-Z]{2}[0-9A-Z]{4}[0-9]{7}-\d{4}-(0[1-9]|1[0-2])$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

export class PaymentRequestDto {
  @ApiProperty({
    example: 'AGR-20261105-0001',
    description: 'Your id for this payment: 1–64 of A–Z a–z 0–9 . _ -',
  })
  @IsString()
  @Matches(PARTNER_TXN_ID, { message: 'partnerTxnId must be 1–64 letters, digits, dot, dash or underscore' })
  partnerTxnId!: string;

  @ApiProperty({ example: 'PB05020054904' })
  @IsString()
  @Matches(CUSTOMER_CODE, { message: 'customerCode must be 13 characters, e.g. PB05020054904' })
  customerCode!: string;

  @ApiPropertyOptional({
    type: [String],
    example: ['PB05020054904-2026-10'],
    description: 'Bills to pay, in this order; without it the amount pays the oldest open bills first',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(24)
  @Matches(BILL_ID, { each: true, message: 'each billId looks like PB05020054904-2026-10' })
  billIds?: string[];

  @ApiProperty({ example: 346356, description: 'Whole dong, above 0' })
  @IsInt({ message: 'amount must be a whole number of dong' })
  @Min(1, { message: 'amount must be above 0' })
  @Max(1_000_000_000_000)
  amount!: number;

  @ApiProperty({ enum: CHANNELS, description: "One of your partner's channels" })
  @IsIn(CHANNELS, { message: `channel must be one of ${CHANNELS.join(', ')}` })
  channel!: Channel;

  @ApiProperty({ example: '2026-11-05T08:00:00+07:00', description: 'ISO-8601 with an offset' })
  @IsString()
  @Matches(ISO_INSTANT, { message: 'paidAt must be an ISO-8601 instant with an offset' })
  @IsISO8601({ strict: true }, { message: 'paidAt must be a real date and time' })
  paidAt!: string;
}

export class ReversalRequestDto {
  @ApiPropertyOptional({ example: 'customer cancelled at the counter' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class AppliedPartDto {
  @ApiProperty({ example: 'PB05020054904-2026-10' })
  billId!: string;
  @ApiProperty({ example: 346356 })
  amount!: number;
}

export class PaymentAcceptedDto {
  @ApiProperty()
  paymentId!: string;
  @ApiProperty()
  partnerTxnId!: string;
  @ApiProperty({ enum: ['ACCEPTED'] })
  status!: 'ACCEPTED';
  @ApiProperty({ type: [AppliedPartDto] })
  appliedTo!: AppliedPartDto[];
  @ApiProperty({ description: 'What no open bill took: kept as customer credit' })
  credit!: number;
}

export class PaymentDto {
  @ApiProperty()
  paymentId!: string;
  @ApiProperty()
  partnerTxnId!: string;
  @ApiProperty({ enum: ['ACCEPTED', 'REVERSED'] })
  status!: 'ACCEPTED' | 'REVERSED';
  @ApiProperty({ type: [AppliedPartDto] })
  appliedTo!: AppliedPartDto[];
  @ApiProperty()
  credit!: number;
  @ApiProperty()
  customerCode!: string;
  @ApiPropertyOptional({ type: [String] })
  billIds?: string[];
  @ApiProperty()
  amount!: number;
  @ApiProperty({ enum: CHANNELS })
  channel!: Channel;
  @ApiProperty()
  paidAt!: string;
  @ApiProperty()
  acceptedAt!: string;
  @ApiPropertyOptional()
  reversedAt?: string;
}

export class OpenBillDto {
  @ApiProperty({ example: 'PB05020054904-2026-10' })
  billId!: string;
  @ApiProperty({ example: '2026-10' })
  period!: string;
  @ApiProperty({ example: 150 })
  kwh!: number;
  @ApiProperty({ example: 346356, description: 'What is still owed on the bill' })
  amountDue!: number;
  @ApiProperty({ example: '2026-11-04' })
  dueDate!: string;
}

export class OpenBillsDto {
  @ApiProperty()
  customerCode!: string;
  @ApiProperty({ type: [OpenBillDto], description: 'Open bills only, oldest first' })
  bills!: OpenBillDto[];
}

export class ReconciliationDto {
  @ApiProperty({ description: 'Transactions on both sides with the same amount' })
  matched!: number;
  @ApiProperty({ description: 'Lines of your file we have no (unreversed) payment for' })
  missingOurs!: object[];
  @ApiProperty({ description: 'Our payments of that day your file does not list' })
  missingTheirs!: object[];
  @ApiProperty({ description: '{ partnerTxnId, customerCode, ours, theirs }' })
  amountDiffers!: object[];
}

export class ApiErrorDto {
  @ApiProperty({ example: 'VALIDATION_FAILED' })
  code!: string;
  @ApiProperty()
  message!: string;
  @ApiPropertyOptional({ example: 'amount' })
  field?: string;
}
