/**
 * RFC 4180 CSV: comma separated, CRLF line ends, fields quoted when they hold a comma, quote or line
 * break. A cell starting with = + - @ is prefixed with ' so a spreadsheet does not run it as a
 * formula (negative numbers stay numbers).
 */
export function toCsv(columns: string[], rows: Array<Record<string, string | number>>): string {
  const cell = (value: string | number | undefined): string => {
    if (value === undefined) return '';
    if (typeof value === 'number') return String(value);
    const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  const lines = [
    columns.map(cell).join(','),
    ...rows.map((row) => columns.map((c) => cell(row[c])).join(',')),
  ];
  return lines.join('\r\n') + '\r\n';
}
