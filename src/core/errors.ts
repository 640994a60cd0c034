/** One error type for the app; the UI maps codes to messages in one place. */
export const ErrorCode = {
  EmptyFile: 'empty-file',
  NotAZip: 'not-a-zip',
  TruncatedZip: 'truncated-zip',
  NotSqlite: 'not-sqlite',
  TooNew: 'too-new',
  Corrupt: 'corrupt',
  BadEncoding: 'bad-encoding',
  NoRows: 'no-rows',
  UnknownFormat: 'unknown-format',
  InvalidDeck: 'invalid-deck',
  InvalidBackup: 'invalid-backup',
  QuotaExceeded: 'quota-exceeded',
  InvalidSettings: 'invalid-settings',
  NotFound: 'not-found',
  /** Input the user can fix (an empty field, a bad name). */
  Invalid: 'invalid',
  /** The data changed elsewhere (another tab) since this action was prepared. */
  Conflict: 'conflict',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export class AppError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
