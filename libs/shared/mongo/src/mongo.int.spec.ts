import mongoose, { Schema, type Connection } from 'mongoose';
import { infra, uniqueName } from '@gridpay/shared/testing';

interface Customer {
  code: string;
  name: string;
  households: number;
}

const customerSchema = new Schema<Customer>({
  code: { type: String, required: true },
  name: { type: String, required: true },
  households: { type: Number, required: true },
});
customerSchema.index({ code: 1 }, { unique: true });

describe('mongoose against the real MongoDB-wire server', () => {
  let connection: Connection;

  beforeAll(async () => {
    connection = await mongoose
      .createConnection(infra.mongoUri, { dbName: uniqueName('it-mongo'), serverSelectionTimeoutMS: 10_000 })
      .asPromise();
  });

  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  it('writes a document and reads it back', async () => {
    const Customers = connection.model<Customer>('Customer', customerSchema);
    await Customers.create({ code: 'PB05020054904', name: 'Nguyễn Văn An', households: 2 });
    const found = await Customers.findOne({ code: 'PB05020054904' }).lean();
    expect(found).toMatchObject({ code: 'PB05020054904', name: 'Nguyễn Văn An', households: 2 });
  });

  it('rejects a duplicate on a unique index with code 11000', async () => {
    const Customers = connection.model<Customer>('UniqueCustomer', customerSchema);
    await Customers.init();
    await Customers.create({ code: 'PB05020000001', name: 'first', households: 1 });
    await expect(
      Customers.create({ code: 'PB05020000001', name: 'second', households: 1 }),
    ).rejects.toMatchObject({
      code: 11000,
    });
    expect(await Customers.countDocuments({ code: 'PB05020000001' })).toBe(1);
  });
});
