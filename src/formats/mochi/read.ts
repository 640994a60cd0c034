/**
 * Reader for Mochi exports (`.mochi`: a zip of `data.json` or `data.edn` plus attachments).
 * Placeholder: filled in by the Mochi work on issue #13.
 */
import { AppError, ErrorCode } from '../../core/errors';
import type { ImportPlan } from '../plan';

export interface MochiOptions {
  now?: number;
}

export async function readMochi(_bytes: Uint8Array, fileName: string, _opts: MochiOptions = {}): Promise<ImportPlan> {
  throw new AppError(ErrorCode.UnknownFormat, `"${fileName}": Mochi import is not ready yet.`);
}
