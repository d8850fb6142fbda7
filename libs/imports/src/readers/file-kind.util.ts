/** The formats an import reads. */
export type FileFormat = 'csv' | 'xlsx';

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0]; // the old binary .xls (and other Office files)

const startsWith = (head: Uint8Array, sig: number[]) => sig.every((b, i) => head[i] === b);

/**
 * The format of an uploaded file from its first bytes, checked against its name; or the reason it
 * cannot be imported. A ZIP archive is an XLSX workbook (a truncated or foreign ZIP is found out while
 * reading it); anything else must be UTF-8 text (an optional BOM) and is read as CSV.
 * `complete`: `head` is the whole file (so a cut-off multibyte character at its end is an error).
 */
export function detectFormat(fileName: string, head: Uint8Array, complete: boolean): FileFormat | string {
  const ext = /\.([A-Za-z0-9]{1,8})$/.exec(fileName)?.[1]?.toLowerCase();
  const name = `file "${fileName.length > 80 ? `${fileName.slice(0, 77)}...` : fileName}"`;
  if (head.length === 0) return `${name} is empty`;
  if (startsWith(head, ZIP)) {
    if (ext && ext !== 'xlsx' && ext !== 'xlsm') {
      return `${name} is a ZIP archive (an XLSX workbook?), not what its name says (.${ext}): name it .xlsx, or send the CSV text itself`;
    }
    return 'xlsx';
  }
  if (startsWith(head, OLE)) {
    return `${name} is an old binary Excel (.xls) or other Office file: save it as .xlsx (Excel Workbook) or CSV UTF-8`;
  }
  if (ext === 'xlsx' || ext === 'xlsm') {
    return `${name} is not an XLSX workbook (an XLSX file is a ZIP archive; this one is not): save it again from Excel as .xlsx`;
  }
  if (ext === 'xls') return `${name}: the old .xls format is not read; save it as .xlsx or CSV UTF-8`;
  // Text check on the head: no NUL bytes, valid UTF-8 (a character cut at the end of a partial head is fine).
  if (head.includes(0))
    return `${name} is not a text file (it holds NUL bytes): send a CSV (UTF-8) or an XLSX workbook`;
  const text = complete ? head : head.subarray(0, cutIncompleteCharacter(head));
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(text);
  } catch {
    return `${name} is not UTF-8 text: save it as "CSV UTF-8 (Comma delimited)" (Excel) or convert it to UTF-8`;
  }
  return 'csv';
}

/** The length of `bytes` without a UTF-8 sequence cut off at its end. */
function cutIncompleteCharacter(bytes: Uint8Array): number {
  let i = bytes.length - 1;
  let back = 0;
  while (i >= 0 && back < 4 && (bytes[i] & 0xc0) === 0x80) {
    i--;
    back++;
  }
  if (i < 0) return bytes.length;
  const lead = bytes[i];
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return back + 1 < need ? i : bytes.length;
}

/**
 * The CSV separator of a file: the one of `,` `;` tab `|` that occurs most in its header line (quoted
 * text left out), `,` when none does. `headerLine` is the 1-based line of the header.
 */
export function guessDelimiter(headText: string, headerLine: number): string {
  const lines = headText.replace(/^\uFEFF/, '').split(/\r?\n/);
  const line = lines[Math.max(0, headerLine - 1)] ?? lines[0] ?? '';
  const unquoted = line.replace(/"[^"]*"/g, '');
  let best = ',';
  let bestCount = 0;
  for (const d of [',', ';', '\t', '|']) {
    const count = unquoted.split(d).length - 1;
    if (count > bestCount) {
      best = d;
      bestCount = count;
    }
  }
  return best;
}
