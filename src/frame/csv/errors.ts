/**
 * CSV errors for people: each names the file, the line, the column and the value, and says what to
 * do. Built only on failure paths, so they may decode and count freely.
 */
import { TuskError, type TuskErrorCode } from '../../errors.js';

export interface CsvWhere {
  file: string;
  /** 1-based physical line (a quoted newline counts), as an editor shows it. */
  line: number;
  column?: string | undefined;
  value?: string | undefined;
}

const lenient = new TextDecoder('utf-8', { fatal: false });

/** A field's bytes as text for a message: invalid UTF-8 shows as U+FFFD, long values are cut. */
export function showValue(bytes: Uint8Array): string {
  const text = lenient.decode(bytes.length > 200 ? bytes.subarray(0, 200) : bytes);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

export function csvError(code: TuskErrorCode, problem: string, where: CsvWhere, hint: string, extra: Record<string, unknown> = {}): TuskError {
  const col = where.column !== undefined ? `, column "${where.column}"` : '';
  const val = where.value !== undefined ? `: value ${JSON.stringify(where.value)}` : '';
  return new TuskError(code, `${where.file} line ${where.line}${col}${val}: ${problem}`, {
    context: { file: where.file, line: where.line, column: where.column, value: where.value, ...extra },
    hint,
  });
}
