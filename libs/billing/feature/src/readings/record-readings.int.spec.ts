import { parseCustomerFile } from '@gridpay/billing/domain';
import { BillingHarness } from '../billing.harness';
import { RecordReadings } from './record-readings';

jest.setTimeout(60_000);

const CUSTOMERS = `customerCode,name,commune,households,purpose,voltageBand,threePriceMeter,phone,email
PC05QS0000001,"Nguyễn Văn An",Quế An,1,residential,<6kV,false,0905123456,an@example.vn
PC05QS0000002,"Công ty TNHH Quế Sơn, chi nhánh 2",Quế Châu,1,business,<6kV,true,+84905000002,
PC05QS0000003,Trần Thị Bình,Quế Long,2,residential,<6kV,false,,
PC05QS000000X,Bad Code,Quế Long,1,residential,<6kV,false,,
`;

describe('reading book import (real MongoDB-wire server)', () => {
  let h: BillingHarness;
  let record: RecordReadings;

  beforeEach(async () => {
    h = await new BillingHarness().setUp();
    record = new RecordReadings(h.customers, h.readings);
  });
  afterEach(async () => {
    await h.tearDown();
  });

  it('imports the customer file and reports the refused rows', async () => {
    const { accepted, rejected } = parseCustomerFile(CUSTOMERS);
    await h.customers.save(accepted);
    expect(accepted.map((c) => c.customerCode)).toEqual(['PC05QS0000001', 'PC05QS0000002', 'PC05QS0000003']);
    expect(rejected).toMatchObject([{ line: 5, field: 'customerCode' }]);
    expect(await h.customers.get('PC05QS0000001')).toMatchObject({ contact: { phone: '+84905123456' } });
  });

  it('accepts good rows and refuses each bad one with its reason, applying nothing of a refused row', async () => {
    await h.customers.save(parseCustomerFile(CUSTOMERS).accepted);
    const september = await record.importBook(
      `customerCode,readDate,oldIndex,newIndex
PC05QS0000001,2026-09-20,1000,1150
PC05QS0000003,2026-09-20,500,800
`,
    );
    expect(september).toEqual({ accepted: 2, rejected: [] });

    const october = await record.importBook(
      `customerCode,readDate,oldIndex,newIndex,peakIndexOld,peakIndexNew,normalIndexOld,normalIndexNew,offPeakIndexOld,offPeakIndexNew,indexReset
PC05QS0000001,2026-10-20,1150,1320,,,,,,,
PC05QS0000001,2026-10-20,1150,1320,,,,,,,
PC05QS0000003,2026-10-20,800,790,,,,,,,
PC05QS0000009,2026-10-20,10,20,,,,,,,
PC05QS0000002,2026-10-20,100,900,,,,,,,
PC05QS0000002,2026-10-21,100,900,10,200,50,500,40,200,
PC05QS0000003,2026-10-2x,800,900,,,,,,,
PC05QS0000003,2026-10-22,800,9O0,,,,,,,
`,
    );

    expect(october.accepted).toBe(2);
    expect(october.rejected.map((r) => [r.line, r.reason])).toEqual([
      [3, expect.stringMatching(/duplicate/)],
      [4, 'new-index-below-old'],
      [5, 'unknown-customer'],
      [6, 'missing-band-indexes'],
      [8, expect.stringMatching(/date/)],
      [9, expect.stringMatching(/number/)],
    ]);
    expect(await h.readings.get('PC05QS0000001', '2026-10')).toMatchObject({
      kwh: 170,
      previousReadDate: '2026-09-20',
    });
    expect(await h.readings.get('PC05QS0000002', '2026-10')).toMatchObject({
      kwh: 800,
      peakKwh: 190,
      normalKwh: 450,
      offPeakKwh: 160,
    });
    expect(await h.readings.get('PC05QS0000003', '2026-10')).toBeUndefined();

    const again = await record.importBook(
      `customerCode,readDate,oldIndex,newIndex\nPC05QS0000001,2026-10-20,1150,1320\n`,
    );
    expect(again.rejected.map((r) => r.reason)).toEqual(['duplicate-reading']);
  });

  it('a rollover stated in the book is billed across the wrap', async () => {
    await h.customers.save(parseCustomerFile(CUSTOMERS).accepted);
    await record.importBook(
      `customerCode,readDate,oldIndex,newIndex\nPC05QS0000001,2026-09-20,99900,99950\n`,
    );
    const report = await record.importBook(
      `customerCode,readDate,oldIndex,newIndex,indexReset\nPC05QS0000001,2026-10-20,99950,00080,rollover\n`,
    );
    expect(report).toEqual({ accepted: 1, rejected: [] });
    expect(await h.readings.get('PC05QS0000001', '2026-10')).toMatchObject({
      kwh: 130,
      indexReset: 'rollover',
    });
  });
});
