/** One CSV record and the physical line (1-based) it starts on. */
export interface CsvRecord {
  line: number;
  fields: string[];
  /** Set when the record breaks RFC 4180; the fields are then a best effort. */
  error?: string;
}

/**
 * RFC 4180 reader: comma-separated, fields optionally in double quotes, `""` for a quote inside
 * quotes, commas and line breaks allowed inside quotes. Also accepts a UTF-8 BOM, LF or lone CR
 * line ends besides CRLF, and a missing final line break. A quote inside an unquoted field is
 * kept as a character (spreadsheets write `5" pipe`); text after a closing quote marks the record
 * as malformed. Records whose fields are all blank (empty lines, `,,,` rows) are skipped.
 */
export function readCsv(text: string): CsvRecord[] {
  const input = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let line = 1;
  let record: CsvRecord = { line, fields: [] };
  let field = '';
  let i = 0;

  const endOfLine = (at: number): number => {
    if (input[at] === '\r' && input[at + 1] === '\n') return 2;
    return input[at] === '\n' || input[at] === '\r' ? 1 : 0;
  };
  const fail = (error: string) => {
    record.error ??= error;
  };
  const endRecord = () => {
    record.fields.push(field);
    field = '';
    if (record.error || record.fields.some((f) => f.trim() !== '')) records.push(record);
    record = { line, fields: [] };
  };

  while (i < input.length) {
    if (input[i] === '"' && field === '') {
      const opened = line;
      i++;
      for (;;) {
        if (i >= input.length) {
          fail(`unterminated quoted field (opened on line ${opened})`);
          break;
        }
        if (input[i] === '"') {
          if (input[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        const eol = endOfLine(i);
        if (eol) {
          field += '\n';
          line++;
          i += eol;
          continue;
        }
        field += input[i++];
      }
      if (i < input.length && input[i] !== ',' && !endOfLine(i))
        fail(`text after a closing quote on line ${line}`);
      continue;
    }
    if (input[i] === ',') {
      record.fields.push(field);
      field = '';
      i++;
      continue;
    }
    const eol = endOfLine(i);
    if (eol) {
      line++;
      i += eol;
      endRecord();
      continue;
    }
    field += input[i++];
  }
  if (field !== '' || record.fields.length > 0 || record.error) endRecord();
  return records;
}

/** A data row by column name, with the line it starts on. */
export interface CsvRow {
  line: number;
  values: Record<string, string>;
}

/** A reason a row, a field or the whole file was refused; line 1 is the header. */
export interface ImportRejection {
  line: number;
  customerCode?: string;
  field?: string;
  reason: string;
}

/**
 * Reads a CSV whose first record is a header. Column order is free and names match case-
 * insensitively; a missing required column, an unknown or a repeated one refuses the whole file
 * (a misspelt column must not silently drop data). Rows with more or fewer fields than the header
 * are refused; empty trailing fields beyond the header are tolerated. Values are trimmed.
 */
export function readCsvTable(
  text: string,
  columns: { required: readonly string[]; optional: readonly string[] },
): { rows: CsvRow[]; rejected: ImportRejection[] } {
  const [header, ...records] = readCsv(text);
  if (!header) return { rows: [], rejected: [{ line: 1, reason: 'empty file: a header row is required' }] };
  const known = new Map([...columns.required, ...columns.optional].map((c) => [c.toLowerCase(), c]));
  const names: string[] = [];
  const rejected: ImportRejection[] = [];
  if (header.error) rejected.push({ line: header.line, reason: `header: ${header.error}` });
  for (const raw of header.fields) {
    const name = known.get(raw.trim().toLowerCase());
    if (!name)
      rejected.push({ line: header.line, field: raw.trim(), reason: `unknown column "${raw.trim()}"` });
    else if (names.includes(name))
      rejected.push({ line: header.line, field: name, reason: `column ${name} appears twice` });
    names.push(name ?? '');
  }
  for (const column of columns.required)
    if (!names.includes(column))
      rejected.push({ line: header.line, field: column, reason: `missing column ${column}` });
  if (rejected.length > 0) return { rows: [], rejected };

  const rows: CsvRow[] = [];
  for (const record of records) {
    if (record.error) {
      rejected.push({ line: record.line, reason: record.error });
      continue;
    }
    const extra = record.fields.slice(names.length);
    if (record.fields.length < names.length || extra.some((f) => f.trim() !== '')) {
      rejected.push({
        line: record.line,
        reason: `expected ${names.length} fields as in the header, found ${record.fields.length}`,
      });
      continue;
    }
    const values: Record<string, string> = {};
    names.forEach((name, i) => (values[name] = record.fields[i].trim()));
    rows.push({ line: record.line, values });
  }
  return { rows, rejected };
}
