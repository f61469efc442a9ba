import type { Request, Response as ExpressResponse } from 'express';
import type { WalletOrder } from './wallet-orders';

/** How the sandbox misbehaves when it sends an IPN (query or body flags of the pay endpoints). */
export interface DeliveryFlags {
  /** Send the same IPN this many more times after the first. */
  replay: number;
  /** Change the amount after signing, or corrupt the signature: the merchant must refuse it. */
  tamper?: 'amount' | 'signature';
  /** Wait this long before the first IPN leaves. */
  delayMs: number;
  /** Sign another amount (whole dong) than the order's: a genuine IPN with the wrong amount. */
  amount?: number;
}

export interface Delivered {
  status: number;
  body: unknown;
}

const int = (value: unknown, max: number): number => {
  const n = Number(value ?? 0);
  return Number.isSafeInteger(n) && n > 0 ? Math.min(n, max) : 0;
};

/** Reads the flags from a merged query + body; unknown values are ignored. */
export function deliveryFlags(input: Record<string, unknown>): DeliveryFlags {
  const tamper = input['tamper'];
  const amount = Number(input['amount']);
  return {
    replay: int(input['replay'], 20),
    delayMs: int(input['delayMs'], 600_000),
    ...(tamper === 'amount' || tamper === 'signature' ? { tamper } : {}),
    ...(Number.isSafeInteger(amount) && amount > 0 ? { amount } : {}),
  };
}

/** A hex signature with its first digit changed. */
export function corrupt(signature: string): string {
  return (signature.startsWith('0') ? '1' : '0') + signature.slice(1);
}

/** The pay endpoints' input: query and body (the body wins); `outcome` defaults to paid. */
export function payInput(body: Record<string, unknown> | undefined, query: Record<string, unknown>) {
  const input: Record<string, unknown> = { ...query, ...(body ?? {}) };
  return { input, outcome: String(input['outcome'] ?? 'paid'), flags: deliveryFlags(input) };
}

/** Sends the IPN once plus `replay` times, after `delayMs`, and answers what the merchant said each time. */
export async function deliver(send: () => Promise<Delivered>, flags: DeliveryFlags): Promise<Delivered[]> {
  if (flags.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, flags.delayMs));
  const answers: Delivered[] = [];
  for (let i = 0; i <= flags.replay; i++) {
    try {
      answers.push(await send());
    } catch (error) {
      answers.push({ status: 0, body: `not delivered: ${String(error)}` });
    }
  }
  return answers;
}

/** Delivers the IPN as `flags` say and records on the order what the merchant answered each time. */
export async function deliverIpn(
  order: WalletOrder,
  outcome: string,
  flags: DeliveryFlags,
  send: () => Promise<Response>,
): Promise<Delivered[]> {
  const answers = await deliver(async () => readAnswer(await send()), flags);
  for (const answer of answers) order.ipns.push({ at: new Date().toISOString(), outcome, ...answer });
  return answers;
}

/** The browser goes back to the merchant's return URL; a JSON request (a test) gets `json` instead. */
export function backToMerchant(
  req: Request,
  res: ExpressResponse,
  returnUrl: string,
  json: Record<string, unknown>,
): void {
  if (String(req.headers['content-type'] ?? '').includes('json')) {
    res.status(200).json(json);
    return;
  }
  res.redirect(303, returnUrl);
}

export async function readAnswer(response: Response): Promise<Delivered> {
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) };
  } catch {
    return { status: response.status, body: text };
  }
}

export const escapeHtml = (value: unknown) =>
  String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A bare page of the sandbox wallet (what the customer's browser shows). */
export function page(title: string, body: string): string {
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem}
table{border-collapse:collapse}td{padding:.2rem .8rem .2rem 0}button{margin:.3rem .5rem .3rem 0;padding:.5rem 1rem}
.note{color:#a33;font-size:.9rem}</style></head><body>
<p class="note">GridPay partner sandbox: a stand-in wallet, not the real one. No money moves.</p>
<h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}

/** The order as the payment page shows it, in a table after the `before` rows. */
export function orderTable(order: WalletOrder, before: Array<[string, string]> = []): string {
  const rows: Array<[string, string]> = [...before, ['Order', order.id], ['Info', order.orderInfo]];
  return `<table>${rows.map(([name, value]) => `<tr><td>${name}</td><td>${escapeHtml(value)}</td></tr>`).join('\n')}
<tr><td>Amount</td><td>${order.amount.toLocaleString('vi-VN')} ₫</td></tr></table>`;
}

/** A button of the payment page: POSTs the hidden fields to the wallet's pay endpoint. */
export function payButton(action: string, fields: Record<string, string>, label: string): string {
  const inputs = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`)
    .join('');
  return `<form method="post" action="${action}" style="display:inline">
${inputs}<button>${label}</button></form>`;
}
