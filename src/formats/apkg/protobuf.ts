/**
 * Just enough protobuf to read what Anki stores as protobuf: the package `meta`, the media list
 * and the schema-18 config columns. Fields are kept raw (varint or bytes) by field number; the
 * readers pick what they need and ignore everything else, as protobuf intends.
 */
import { AppError, ErrorCode } from '../../core/errors';

export type ProtoValue = { wire: 0; value: number } | { wire: 2; value: Uint8Array } | { wire: 1 | 5; value: Uint8Array };
export type ProtoMessage = Map<number, ProtoValue[]>;

function corrupt(what: string): AppError {
  return new AppError(ErrorCode.Corrupt, `The package is damaged: its ${what} could not be decoded.`);
}

/** Decodes one message; `what` names it in the error ("media list", "note type settings"). */
export function decodeMessage(bytes: Uint8Array, what: string): ProtoMessage {
  const fields: ProtoMessage = new Map();
  let at = 0;
  const varint = (): number => {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (at >= bytes.length) throw corrupt(what);
      const b = bytes[at++]!;
      // Multiplication, not shifts: values above 2^31 (ids, sizes) must stay positive.
      result += (b & 0x7f) * scale;
      scale *= 128;
      if ((b & 0x80) === 0) return result;
    }
    throw corrupt(what);
  };
  while (at < bytes.length) {
    const key = varint();
    const num = Math.floor(key / 8);
    const wire = key % 8;
    let v: ProtoValue;
    if (wire === 0) v = { wire: 0, value: varint() };
    else if (wire === 2) {
      const len = varint();
      if (at + len > bytes.length) throw corrupt(what);
      v = { wire: 2, value: bytes.subarray(at, at + len) };
      at += len;
    } else if (wire === 1 || wire === 5) {
      const len = wire === 1 ? 8 : 4;
      if (at + len > bytes.length) throw corrupt(what);
      v = { wire, value: bytes.subarray(at, at + len) };
      at += len;
    } else throw corrupt(what);
    if (num === 0) throw corrupt(what);
    const list = fields.get(num);
    if (list) list.push(v);
    else fields.set(num, [v]);
  }
  return fields;
}

export function uintField(msg: ProtoMessage, num: number, fallback = 0): number {
  const v = msg.get(num)?.at(-1);
  return v?.wire === 0 ? v.value : fallback;
}

export function bytesField(msg: ProtoMessage, num: number): Uint8Array | undefined {
  const v = msg.get(num)?.at(-1);
  return v?.wire === 2 ? v.value : undefined;
}

export function stringField(msg: ProtoMessage, num: number): string {
  const b = bytesField(msg, num);
  return b ? new TextDecoder().decode(b) : '';
}

/** All occurrences of a repeated message field, decoded. */
export function messageFields(msg: ProtoMessage, num: number, what: string): ProtoMessage[] {
  return (msg.get(num) ?? []).flatMap((v) => (v.wire === 2 ? [decodeMessage(v.value, what)] : []));
}
