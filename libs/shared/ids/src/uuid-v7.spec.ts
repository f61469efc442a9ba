import { isUuidV7, uuidv7, uuidv7Time } from './uuid-v7';

describe('uuidv7', () => {
  it('is a version 7, RFC 9562 variant UUID', () => {
    expect(isUuidV7(uuidv7())).toBe(true);
    expect(isUuidV7('4bf92f35-77b3-4da6-a3ce-929d0e0e4736')).toBe(false);
  });

  it('carries its creation time', () => {
    const at = Date.now() + 1234; // ahead of every id made so far: ids never go back in time
    expect(uuidv7Time(uuidv7(at))).toBe(at);
  });

  it('sorts in creation order, also within one millisecond', () => {
    const ids = Array.from({ length: 5000 }, () => uuidv7(1_700_000_000_000));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
