/**
 * Reader for CrowdAnki exports (a folder or zip holding `deck.json` and `media/`). Placeholder:
 * filled in by the CrowdAnki work on issue #13.
 */
import { AppError, ErrorCode } from '../../core/errors';
import type { ImportPlan } from '../plan';

export interface CrowdAnkiOptions {
  now?: number;
}

/** `bytes` is either a zip (folder zipped, or a CrowdAnki zip) or a lone `deck.json`. */
export async function readCrowdAnki(_bytes: Uint8Array, fileName: string, _opts: CrowdAnkiOptions = {}): Promise<ImportPlan> {
  throw new AppError(ErrorCode.UnknownFormat, `"${fileName}": CrowdAnki import is not ready yet.`);
}
