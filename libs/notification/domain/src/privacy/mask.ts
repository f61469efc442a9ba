/**
 * Phone numbers and emails are personal data: logs, traces and delivery logs show them masked.
 * '+84905123456' → '+84905***456', '0905123456' → '0905***456' (network prefix and last three kept).
 */
export function maskPhone(phone: string): string {
  const compact = phone.replace(/[\s.-]/g, '');
  if (!/^\+?\d{7,15}$/.test(compact)) return '***';
  const keep = compact.startsWith('+') ? 6 : 4;
  return `${compact.slice(0, keep)}***${compact.slice(-3)}`;
}

/** 'nguyen.van.a@example.com' → 'ng***@example.com'; the domain stays (it tells which provider bounced). */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  const local = email.slice(0, at);
  return `${local.slice(0, local.length > 2 ? 2 : 1)}***${email.slice(at)}`;
}
