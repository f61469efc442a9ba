import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { BILL_ID } from '../v1/payment.dto';

export class CheckoutRequestDto {
  @ApiProperty({
    example: 'PB05020054904-2026-10',
    description: 'An open bill; its amount still owed is paid',
  })
  @IsString()
  @Matches(BILL_ID, { message: 'billId looks like PB05020054904-2026-10' })
  billId!: string;
}

export class VnpayCheckoutDto {
  @ApiProperty({ description: 'VNPay v2.1.0 payment URL, signed (vnp_SecureHash); send the customer there' })
  paymentUrl!: string;
  @ApiProperty({ description: 'vnp_TxnRef: the order, and the payment id once VNPay confirms it' })
  txnRef!: string;
  @ApiProperty({ example: 346356, description: 'Whole dong (vnp_Amount is this × 100)' })
  amount!: number;
}

export class MomoCheckoutDto {
  @ApiProperty({ description: 'The order at MoMo, and the payment id once MoMo confirms it' })
  orderId!: string;
  @ApiProperty({ description: "The create call's requestId" })
  requestId!: string;
  @ApiProperty({ example: 346356, description: 'Whole dong' })
  amount!: number;
  @ApiProperty({ description: "MoMo's payment page for the customer" })
  payUrl!: string;
}
