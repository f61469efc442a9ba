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
