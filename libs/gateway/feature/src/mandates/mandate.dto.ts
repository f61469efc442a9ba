import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { CUSTOMER_CODE } from '@gridpay/contracts';

export const MANDATE_REF = /^[A-Za-z0-9_-]{1,64}$/;
export const MANDATE_ID = /^[a-z0-9-]{1,32}\.[A-Za-z0-9_-]{1,64}$/;

export class MandateRequestDto {
  @ApiProperty({
    example: 'UNC-2026-000123',
    description: 'Your id for this mandate: 1–64 of A–Z a–z 0–9 _ -. The same request again → 200',
  })
  @IsString()
  @Matches(MANDATE_REF, { message: 'mandateRef must be 1–64 letters, digits, dash or underscore' })
  mandateRef!: string;

  @ApiProperty({ example: 'PB05020054904' })
  @IsString()
  @Matches(CUSTOMER_CODE, { message: 'customerCode must be 13 characters, e.g. PB05020054904' })
  customerCode!: string;

  @ApiProperty({
    example: '3700205123456',
    description: 'The account (or card) to debit, 4–34 letters, digits or dashes; never shown again unmasked',
  })
  @IsString()
  @Matches(/^[0-9A-Za-z-]{4,34}$/, { message: 'accountRef must be 4–34 letters, digits or dashes' })
  accountRef!: string;

  @ApiPropertyOptional({
    example: 'NV0042',
    description: 'Employee code of whoever enrolled the customer (staff campaign)',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9._-]{1,32}$/, {
    message: 'enrolledBy must be an employee code (1–32 letters, digits, . _ -)',
  })
  enrolledBy?: string;
}

export class MandateCancelDto {
  @ApiPropertyOptional({ example: 'customer closed the authorisation at the branch' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class MandateDto {
  @ApiProperty({ example: 'agribank.UNC-2026-000123' })
  mandateId!: string;
  @ApiProperty({ example: 'PB05020054904' })
  customerCode!: string;
  @ApiProperty({ example: '****3456' })
  accountMasked!: string;
  @ApiPropertyOptional({ example: 'NV0042' })
  enrolledBy?: string;
  @ApiProperty({ enum: ['ACTIVE', 'CANCELLED', 'SUSPENDED'] })
  status!: 'ACTIVE' | 'CANCELLED' | 'SUSPENDED';
  @ApiProperty()
  registeredAt!: string;
  @ApiPropertyOptional()
  endedAt?: string;
  @ApiPropertyOptional({ description: 'Why it ended; SUSPENDED after ACCOUNT_CLOSED or MANDATE_REVOKED' })
  endReason?: string;
}

export class MandateListDto {
  @ApiProperty()
  customerCode!: string;
  @ApiProperty({ type: [MandateDto], description: 'Your mandates for this customer, oldest first' })
  mandates!: MandateDto[];
}
