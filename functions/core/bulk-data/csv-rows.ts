import { MalformedBulkReportError } from "./bulk-data-errors.ts";

/**
 * RFC 4180 rows: fields separated by commas, rows by CRLF (a bare LF accepted), a field in
 * double quotes may hold commas, line breaks and doubled quotes. Empty lines are skipped.
 * TR-181 `CSVEncoding.FieldSeparator` / `RowSeparator` may be changed by an operator; the
 * collector reads the RFC 4180 defaults the profiles it writes set.
 */
export function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let i = 0;
  const endRow = () => {
    row.push(field);
    if (row.length > 1 || row[0] !== "") rows.push(row);
    row = [];
    field = "";
  };
  while (i < text.length) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === "") quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\n") endRow();
    else if (ch !== "\r") field += ch;
    i += 1;
  }
  if (quoted) throw new MalformedBulkReportError("unterminated quoted CSV field");
  endRow();
  return rows;
}
