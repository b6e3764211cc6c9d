// Reads the first part of a CSV file in the browser, to show its columns and guess the email column before
// the upload starts. The rules are the server's (src/Verifier.Core/Jobs/Csv): RFC 4180 quoting, ',' ';' or tab
// chosen by how consistently it splits the first records, a header recognised by a column name meaning
// "email" or by a first row without '@' above rows with one, and else the column whose values most often
// contain '@'. The choice is sent as ?emailColumn=<0-based index>, so the server never has to guess again.

/** How much of the file is read to preview it. */
export const SampleBytes = 64 * 1024;

/** How many records are looked at, as on the server. */
export const SampleRecords = 100;

const Delimiters = [',', ';', '\t'];

/** Header names (lower case, letters and digits only) that mean "the email address". */
const ExactNames = new Set([
  'email', 'emails', 'emailaddress', 'emailaddresses', 'mailaddress', 'emailadresse',
  'adressemail', 'adresseemail', 'courriel', 'correo', 'correoelectronico', 'email1', 'primaryemail',
  'workemail', 'contactemail', 'epost', 'eposta', 'emailadres', 'indirizzoemail',
]);

/** Names that mean "email" only when nothing better is there ("address" may be a postal address). */
const WeakNames = new Set(['mail', 'address', 'posta', 'adresse', 'direccion']);

/**
 * Splits text into records of fields (RFC 4180). When the text is only the start of a file, the last,
 * possibly cut, record is dropped. Empty lines are skipped.
 * @param {string} text
 * @param {string} delimiter
 * @param {boolean} isWholeFile
 * @param {number} [limit]
 * @returns {string[][]}
 */
export function parseRecords(text, delimiter, isWholeFile, limit = SampleRecords) {
  const records = [];
  let fields = [];
  let field = '';
  let quoted = false;
  let fieldStarted = false;
  let i = 0;
  const endRecord = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === '' && !fieldStarted)) {
      records.push(fields);
    }
    fields = [];
    field = '';
    fieldStarted = false;
  };
  while (i < text.length && records.length < limit) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        field += c;
      }
      i++;
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      fieldStarted = true;
    } else if (c === delimiter) {
      fields.push(field);
      field = '';
      fieldStarted = true;
    } else if (c === '\r' || c === '\n') {
      endRecord();
      if (c === '\r' && text[i + 1] === '\n') {
        i++;
      }
    } else {
      field += c;
      fieldStarted = true;
    }
    i++;
  }
  if (records.length < limit && isWholeFile && !quoted && (field !== '' || fields.length > 0 || fieldStarted)) {
    endRecord();
  }
  return records;
}

/**
 * The delimiter that splits the sample into the same number of fields (more than one) most consistently;
 * among equally consistent ones, the one giving more fields; ',' when none splits it.
 */
export function detectDelimiter(text, isWholeFile) {
  let best = ',';
  let bestScore = -Infinity;
  for (const candidate of Delimiters) {
    const counts = parseRecords(text, candidate, isWholeFile).map(r => r.length);
    if (counts.length === 0) {
      continue;
    }
    const frequency = new Map();
    for (const n of counts) {
      frequency.set(n, (frequency.get(n) ?? 0) + 1);
    }
    let modal = 0;
    let modalCount = 0;
    for (const [n, count] of frequency) {
      if (count > modalCount || (count === modalCount && n > modal)) {
        modal = n;
        modalCount = count;
      }
    }
    if (modal < 2) {
      continue;
    }
    const score = (modalCount / counts.length) * 1000 + Math.min(modal, 999) / 1000;
    if (score > bestScore) {
      bestScore = score;
      best = candidate;
    }
  }
  return best;
}

function key(name) {
  let result = '';
  for (const c of name.normalize('NFD')) {
    if (/[\p{L}\p{Nd}]/u.test(c)) {
      result += c.toLowerCase();
    }
  }
  return result;
}

/** The index of a header cell whose name means "email", or -1. */
export function findEmailHeader(cells) {
  let loose = -1;
  let weak = -1;
  for (let i = 0; i < cells.length; i++) {
    if (cells[i].includes('@')) {
      continue;
    }
    const k = key(cells[i]);
    if (ExactNames.has(k)) {
      return i;
    }
    if (loose < 0 && k.length <= 40 && (k.includes('email') || k.includes('correo'))) {
      loose = i;
    }
    if (weak < 0 && WeakNames.has(k)) {
      weak = i;
    }
  }
  return loose >= 0 ? loose : weak;
}

/**
 * Decides the header row and the email column of sampled records.
 * @param {string[][]} records
 * @returns {{ hasHeader: boolean, emailColumn: number, columnCount: number, by: 'header'|'values'|'none' }}
 */
export function detectColumns(records) {
  if (records.length === 0) {
    return { hasHeader: false, emailColumn: -1, columnCount: 0, by: 'none' };
  }
  const first = records[0];
  const named = findEmailHeader(first);
  const hasAt = record => record.some(cell => cell.includes('@'));
  const hasHeader = named >= 0 || (!hasAt(first) && records.slice(1).some(hasAt));
  const widest = Math.max(...records.map(r => r.length));
  const columnCount = hasHeader ? Math.max(first.length, 1) : widest;
  if (hasHeader && named >= 0) {
    return { hasHeader, emailColumn: named, columnCount, by: 'header' };
  }
  const data = hasHeader ? records.slice(1) : records;
  let best = -1;
  let bestCount = 0;
  for (let column = 0; column < widest; column++) {
    const count = data.filter(r => column < r.length && r[column].includes('@')).length;
    if (count > bestCount) {
      bestCount = count;
      best = column;
    }
  }
  return { hasHeader, emailColumn: best, columnCount: Math.max(columnCount, best + 1), by: best >= 0 ? 'values' : 'none' };
}

/**
 * The start of a file as text, decoded as the server decodes it: UTF-8 when it is valid UTF-8 (a character cut by
 * the end of the sample aside), otherwise Windows-1252, the code page of Excel's plain "CSV".
 * @param {Uint8Array} bytes
 * @param {boolean} isWholeFile
 */
export function decodeSample(bytes, isWholeFile) {
  const whole = isWholeFile ? bytes : withoutCutCharacter(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(whole);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/** The bytes without a UTF-8 sequence that the end of the sample cut short. */
function withoutCutCharacter(bytes) {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const b = bytes[bytes.length - back];
    if ((b & 0xc0) === 0x80) {
      continue;
    }
    const needed = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return needed > back ? bytes.subarray(0, bytes.length - back) : bytes;
  }
  return bytes;
}

/**
 * Reads the start of a file and describes it: delimiter, header, columns, the guessed email column, the first
 * rows and an estimate of the number of data rows.
 * @param {File} file
 */
export async function sniffFile(file) {
  const isWholeFile = file.size <= SampleBytes;
  const bytes = new Uint8Array(await file.slice(0, SampleBytes).arrayBuffer());
  let text = decodeSample(bytes, isWholeFile);
  if (text.charCodeAt(0) === 0xfeff) {
    text = text.slice(1);
  }
  const delimiter = detectDelimiter(text, isWholeFile);
  const records = parseRecords(text, delimiter, isWholeFile);
  const detection = detectColumns(records);
  const columns = [];
  for (let i = 0; i < detection.columnCount; i++) {
    const name = detection.hasHeader ? (records[0][i] ?? '').trim() : '';
    columns.push({ index: i, name });
  }

  let rows;
  let exact;
  if (isWholeFile) {
    rows = parseRecords(text, delimiter, true, Number.MAX_SAFE_INTEGER).length - (detection.hasHeader ? 1 : 0);
    exact = true;
  } else {
    // Bytes per record over the sample, scaled to the file's size.
    const sampleRecords = parseRecords(text, delimiter, false, Number.MAX_SAFE_INTEGER).length;
    rows = Math.max(0, Math.round((file.size / bytes.byteLength) * sampleRecords) - (detection.hasHeader ? 1 : 0));
    exact = false;
  }

  return {
    delimiter,
    hasHeader: detection.hasHeader,
    emailColumn: detection.emailColumn,
    detectedBy: detection.by,
    columns,
    preview: records.slice(detection.hasHeader ? 1 : 0, (detection.hasHeader ? 1 : 0) + 5),
    rows: Math.max(0, rows),
    exact,
  };
}

/** A human name for a delimiter. */
export function delimiterName(delimiter) {
  return { ',': 'comma', ';': 'semicolon', '\t': 'tab' }[delimiter] ?? delimiter;
}
