import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  Min,
  ValidateNested,
} from 'class-validator';
import { CUSTOMER_CODE, CUSTOMER_CODE_MESSAGE, DATE, IsDong, PERIOD } from '../validation';

export const PURPOSES = ['residential', 'business', 'production', 'administrative'] as const;
export type Purpose = (typeof PURPOSES)[number];

export class ContactV2 {
  /** E.164, e.g. +84905123456 */
  @IsOptional()
  @Matches(/^\+\d{8,15}$/, { message: 'contact.phone must be E.164, e.g. +84905123456' })
  phone?: string;

  @IsOptional()
  @IsEmail()
  email?: string;
}

/** v1, kept so older producers' events are still read: phone in local format, flat fields. */
export class CustomerRegisteredV1 {
  @Matches(CUSTOMER_CODE, { message: CUSTOMER_CODE_MESSAGE })
  customerCode!: string;
  @IsString()
  name!: string;
  @IsString()
  commune!: string;
  @IsInt()
  @Min(1)
  households!: number;
  @IsIn(PURPOSES)
  purpose!: Purpose;
  @IsOptional()
  @Matches(/^0\d{9,10}$/, { message: 'phone must be a Vietnamese number like 0905123456' })
  phone?: string;
  @IsOptional()
  @IsEmail()
  email?: string;
}

export class CustomerRegisteredV2 {
  @Matches(CUSTOMER_CODE, { message: CUSTOMER_CODE_MESSAGE })
  customerCode!: string;
  @IsString()
  name!: string;
  @IsString()
  commune!: string;
  @IsInt()
  @Min(1)
  households!: number;
  @IsIn(PURPOSES)
  purpose!: Purpose;
  /** e.g. "<6kV", "6-22kV", "22-110kV", ">=110kV" */
  @IsString()
  voltageBand!: string;
  @IsBoolean()
  threePriceMeter!: boolean;
  /** false = tenants whose landlord declared no occupants: all kWh at the tier-3 price. */
  @IsBoolean()
  landlordDeclaredOccupants!: boolean;
  @ValidateNested()
  @Type(() => ContactV2)
  contact!: ContactV2;
}

export class CustomerUpdatedV1 extends CustomerRegisteredV2 {}

export class MeterReadingRecordedV1 {
  @IsString()
  readingId!: string;
  @Matches(CUSTOMER_CODE, { message: CUSTOMER_CODE_MESSAGE })
  customerCode!: string;
  @Matches(DATE)
  readDate!: string;
  @Matches(DATE)
  previousReadDate!: string;
  @IsInt()
  @Min(0)
  oldIndex!: number;
  @IsInt()
  @Min(0)
  newIndex!: number;
  /** 3-price meters: kWh per time-of-use band. */
  @IsOptional()
  @IsInt()
  @Min(0)
  peakKwh?: number;
  @IsOptional()
  @IsInt()
  @Min(0)
  normalKwh?: number;
  @IsOptional()
  @IsInt()
  @Min(0)
  offPeakKwh?: number;
  /** Set when the new index is below the old one because the meter rolled over or was replaced. */
  @IsOptional()
  @IsIn(['rollover', 'replacement'])
  indexReset?: 'rollover' | 'replacement';
}

export class BillLineV1 {
  @IsString()
  label!: string;
  @IsInt()
  @Min(0)
  kwh!: number;
  @IsDong()
  unitPrice!: number;
  @IsDong()
  amount!: number;
}

/** The meter reading a bill is for. */
export class BillReadingV1 {
  @Matches(DATE)
  previousReadDate!: string;
  @Matches(DATE)
  readDate!: string;
  @IsInt()
  @Min(0)
  oldIndex!: number;
  @IsInt()
  @Min(0)
  newIndex!: number;
}

export class BillIssuedV1 {
  @IsString()
  billId!: string;
  @Matches(CUSTOMER_CODE, { message: CUSTOMER_CODE_MESSAGE })
  customerCode!: string;
  @Matches(PERIOD)
  period!: string;
  @IsInt()
  @Min(0)
  kwh!: number;
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => BillLineV1)
  lines!: BillLineV1[];
  @IsDong()
  subtotal!: number;
  /** VAT rate in percent (10, or 8 while the reduction applies). */
  @IsInt()
  vatRate!: number;
  @IsDong()
  vat!: number;
  @IsDong()
  total!: number;
  /** Customer credit from earlier overpayments applied to this bill. */
  @IsDong()
  creditApplied!: number;
  @IsDong()
  amountDue!: number;
  @Matches(DATE)
  dueDate!: string;
  @ValidateNested()
  @Type(() => ContactV2)
  contact!: ContactV2;
  /** Added after the first release (optional, so earlier events still read). */
  @IsOptional()
  @ValidateNested()
  @Type(() => BillReadingV1)
  reading?: BillReadingV1;
  @IsOptional()
  @IsString()
  customerName?: string;
  @IsOptional()
  @IsString()
  commune?: string;
  /** Price decisions the lines use, e.g. "1279/QĐ-BCT". */
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  tariffs?: string[];
}

export class BillSettledV1 {
  @IsString()
  billId!: string;
  @Matches(CUSTOMER_CODE, { message: CUSTOMER_CODE_MESSAGE })
  customerCode!: string;
  @Matches(PERIOD)
  period!: string;
  @IsString()
  paymentId!: string;
  @IsDong()
  amountApplied!: number;
  @IsDong()
  outstanding!: number;
  @IsIn(['partly-paid', 'paid', 'reopened'])
  status!: 'partly-paid' | 'paid' | 'reopened';
  /** Overpayment kept as customer credit for the next bill. */
  @IsDong()
  credit!: number;
  @IsISO8601()
  settledAt!: string;
}
