import { CUSTOMER_CODE } from '@gridpay/contracts';

/** One line of a partner's daily file: partnerTxnId,customerCode,amount,paidAt */
export interface PartnerLine {
  partnerTxnId: string;
  customerCode: string;
  amount: number;
  paidAt: string;
}

export interface OurPayment extends PartnerLine {
  paymentId: string;
}

export interface ReconciliationReport {
  /** Transactions both sides have, with the same amount. */
  matched: number;
  /** In the partner's file, not among our (unreversed) payments of that day. */
  missingOurs: PartnerLine[];
  /** Our payments of that day the partner's file does not list. */
  missingTheirs: OurPayment[];
  /** Both have it, with different amounts. */
  amountDiffers: Array<{ partnerTxnId: string; customerCode: string; ours: number; theirs: number }>;
}

export class PartnerFileError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

const HEADER = ['partnertxnid', 'customercode', 'amount', 'paidat'];

/**
 * Reads the partner's daily file: CSV with the columns partnerTxnId,customerCode,amount,paidAt in that
 * order, an optional header row, LF or CRLF, blank lines skipped. Values need no quoting (none may
 * hold a comma); surrounding double quotes are removed. Throws PartnerFileError naming the line.
 */
export function parsePartnerFile(text: string): PartnerLine[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const rows: PartnerLine[] = [];
  const seen = new Set<string>();
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    const cells = raw.split(',').map((cell) => cell.trim().replace(/^"(.*)"$/, '$1'));
    if (line === 1 && cells.map((c) => c.toLowerCase()).join(',') === HEADER.join(',')) return;
    if (cells.length !== 4)
      throw new PartnerFileError(line, 'expected 4 columns: partnerTxnId,customerCode,amount,paidAt');
    const [partnerTxnId, customerCode, amount, paidAt] = cells;
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(partnerTxnId))
      throw new PartnerFileError(line, 'partnerTxnId must be 1–64 letters, digits, dot, dash or underscore');
    if (!CUSTOMER_CODE.test(customerCode))
      throw new PartnerFileError(line, 'customerCode must be 13 characters');
    if (!/^\d{1,15}$/.test(amount)) throw new PartnerFileError(line, 'amount must be whole dong');
    if (Number.isNaN(Date.parse(paidAt)))
      throw new PartnerFileError(line, 'paidAt must be an ISO-8601 instant');
    if (seen.has(partnerTxnId))
      throw new PartnerFileError(line, `partnerTxnId ${partnerTxnId} is listed twice`);
    seen.add(partnerTxnId);
    rows.push({ partnerTxnId, customerCode, amount: Number(amount), paidAt });
  });
  return rows;
}

/** Exact differences between our payments of a day and the partner's file of that day. */
export function reconcile(ours: readonly OurPayment[], theirs: readonly PartnerLine[]): ReconciliationReport {
  const byId = new Map(ours.map((payment) => [payment.partnerTxnId, payment]));
  const listed = new Set<string>();
  const report: ReconciliationReport = { matched: 0, missingOurs: [], missingTheirs: [], amountDiffers: [] };
  for (const line of theirs) {
    listed.add(line.partnerTxnId);
    const our = byId.get(line.partnerTxnId);
    if (!our) report.missingOurs.push(line);
    else if (our.amount !== line.amount)
      report.amountDiffers.push({
        partnerTxnId: line.partnerTxnId,
        customerCode: our.customerCode,
        ours: our.amount,
        theirs: line.amount,
      });
    else report.matched++;
  }
  report.missingTheirs = ours.filter((payment) => !listed.has(payment.partnerTxnId));
  const byTxn = (a: { partnerTxnId: string }, b: { partnerTxnId: string }) =>
    a.partnerTxnId < b.partnerTxnId ? -1 : a.partnerTxnId > b.partnerTxnId ? 1 : 0;
  report.missingOurs.sort(byTxn);
  report.missingTheirs.sort(byTxn);
  report.amountDiffers.sort(byTxn);
  return report;
}
