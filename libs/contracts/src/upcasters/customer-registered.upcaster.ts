/**
 * CustomerRegistered v1 → v2. v1 (the customer system's first feed) had a flat, local-format phone
 * and email, and no voltage band, meter type or landlord flag. v2 groups contact details with the
 * phone in E.164 and makes the tariff-relevant fields explicit; v1 customers were all on single-price
 * meters below 6 kV with occupants declared.
 */
export function upcastCustomerRegisteredV1(v1: Record<string, unknown>): Record<string, unknown> {
  const { phone, email, ...rest } = v1;
  const contact: Record<string, unknown> = {};
  if (typeof phone === 'string' && phone.length > 0) contact.phone = `+84${phone.replace(/^0/, '')}`;
  if (email !== undefined) contact.email = email;
  return {
    voltageBand: '<6kV',
    threePriceMeter: false,
    landlordDeclaredOccupants: true,
    ...rest,
    contact,
  };
}
