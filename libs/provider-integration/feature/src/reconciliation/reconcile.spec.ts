import { parsePartnerFile, reconcile } from './reconcile';

const paidAt = '2026-11-05T08:00:00+07:00';
const ours = [
  { partnerTxnId: 'A-1', customerCode: 'PB05020054904', amount: 100, paidAt, paymentId: 'p1' },
  { partnerTxnId: 'A-2', customerCode: 'PB05020054904', amount: 200, paidAt, paymentId: 'p2' },
  { partnerTxnId: 'A-3', customerCode: 'PB05020054905', amount: 300, paidAt, paymentId: 'p3' },
];

describe('reconciling a partner day file', () => {
  it('reports matches, both kinds of missing and amount differences exactly', () => {
    const theirs = parsePartnerFile(
      `partnerTxnId,customerCode,amount,paidAt\r\nA-1,PB05020054904,100,${paidAt}\r\nA-2,PB05020054904,250,${paidAt}\r\nA-9,PB05020054906,50,${paidAt}\r\n`,
    );
    expect(reconcile(ours, theirs)).toEqual({
      matched: 1,
      missingOurs: [{ partnerTxnId: 'A-9', customerCode: 'PB05020054906', amount: 50, paidAt }],
      missingTheirs: [ours[2]],
      amountDiffers: [{ partnerTxnId: 'A-2', customerCode: 'PB05020054904', ours: 200, theirs: 250 }],
    });
  });
  it('takes a file without a header, blank lines and quoted values', () => {
    expect(parsePartnerFile(`\n"A-1",PB05020054904,"100",${paidAt}\n\n`)).toEqual([
      { partnerTxnId: 'A-1', customerCode: 'PB05020054904', amount: 100, paidAt },
    ]);
  });
  it.each([
    ['A-1,PB05020054904,100', /line 1: expected 4 columns/],
    [`A-1,PB0502,100,${paidAt}`, /line 1: customerCode/],
    [`A-1,PB05020054904,10.5,${paidAt}`, /line 1: amount/],
    ['A-1,PB05020054904,100,yesterday', /line 1: paidAt/],
    [
      `A-1,PB05020054904,100,${paidAt}\nA-1,PB05020054904,100,${paidAt}`,
      /line 2: partnerTxnId A-1 is listed twice/,
    ],
  ])('refuses %j naming the line', (text, message) => {
    expect(() => parsePartnerFile(text)).toThrow(message);
  });
});
