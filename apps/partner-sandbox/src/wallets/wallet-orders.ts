/** An order the sandbox wallet was asked to collect (in memory: the sandbox keeps no database). */
export interface WalletOrder {
  wallet: 'vnpay' | 'momo';
  /** vnp_TxnRef or MoMo orderId. */
  id: string;
  amount: number;
  orderInfo: string;
  returnUrl: string;
  /** MoMo: where the IPN goes (from the create request) and the create call's requestId. */
  ipnUrl?: string;
  requestId?: string;
  extraData?: string;
  createdAt: string;
  /** Every IPN sent for it and what the merchant answered. */
  ipns: Array<{ at: string; outcome: string; status: number; body: unknown }>;
}

export class WalletOrders {
  private readonly orders = new Map<string, WalletOrder>();

  put(order: WalletOrder): WalletOrder {
    const key = `${order.wallet}:${order.id}`;
    const existing = this.orders.get(key);
    if (existing) return existing;
    this.orders.set(key, order);
    if (this.orders.size > 100_000) this.orders.delete(this.orders.keys().next().value as string);
    return order;
  }

  get(wallet: WalletOrder['wallet'], id: string): WalletOrder | undefined {
    return this.orders.get(`${wallet}:${id}`);
  }
}
