// Minimal binary writer/reader for snapshots: unsigned LEB128 varints, UTF-8 strings, and
// booking ids packed to 16 bytes when they are canonical lowercase UUIDs (the booking table
// keeps them packed, and writes them with uuidWords or textId).

const HEX = '0123456789abcdef';
const UUID_CODES: number[] = new Array<number>(36).fill(0);
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** Id encodings: a length-prefixed UTF-8 string, or a UUID as its 16 bytes. */
const ID_TEXT = 0;
const ID_UUID = 1;

export class ByteWriter {
  private buffer: Uint8Array;
  private length = 0;

  constructor(initialBytes = 256) {
    this.buffer = new Uint8Array(initialBytes);
  }

  private ensure(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.length + extra) size *= 2;
    const bigger = new Uint8Array(size);
    bigger.set(this.buffer.subarray(0, this.length));
    this.buffer = bigger;
  }

  byte(value: number): void {
    this.ensure(1);
    this.buffer[this.length++] = value;
  }

  /** Unsigned varint; values must be safe non-negative integers below 2^31. */
  varint(value: number): void {
    this.ensure(5);
    let v = value >>> 0;
    while (v >= 0x80) {
      this.buffer[this.length++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buffer[this.length++] = v;
  }

  string(value: string): void {
    // Short ASCII strings (booking ids, labels) byte by byte: TextEncoder allocates an array per
    // call, which made it most of a snapshot's encoding time.
    const n = value.length;
    if (n < 0x80) {
      this.ensure(n + 1);
      const start = this.length;
      const buffer = this.buffer;
      buffer[start] = n; // a varint below 128 is one byte
      let i = 0;
      for (; i < n; i++) {
        const c = value.charCodeAt(i);
        if (c >= 0x80) break;
        buffer[start + 1 + i] = c;
      }
      if (i === n) {
        this.length = start + 1 + n;
        return;
      }
    }
    const bytes = encoder.encode(value);
    this.varint(bytes.length);
    this.ensure(bytes.length);
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
  }

  /** A booking id that is a canonical UUID, given as its four 32-bit words (big-endian): 17 bytes. */
  uuidWords(words: Int32Array, offset: number): void {
    this.ensure(17);
    const buffer = this.buffer;
    buffer[this.length++] = ID_UUID;
    for (let w = offset; w < offset + 4; w++) {
      const word = words[w]!;
      buffer[this.length++] = word >>> 24;
      buffer[this.length++] = (word >>> 16) & 0xff;
      buffer[this.length++] = (word >>> 8) & 0xff;
      buffer[this.length++] = word & 0xff;
    }
  }

  /** A booking id that is not a canonical lowercase UUID: a tag and the string. */
  textId(id: string): void {
    this.byte(ID_TEXT);
    this.string(id);
  }

  /** A copy of the bytes written, exactly sized. */
  finish(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }
}

export class ByteReader {
  private offset = 0;

  constructor(private readonly bytes: Uint8Array) {}

  get done(): boolean {
    return this.offset >= this.bytes.length;
  }

  byte(): number {
    if (this.offset >= this.bytes.length) throw new Error('snapshot truncated');
    return this.bytes[this.offset++]!;
  }

  varint(): number {
    let result = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return result;
    }
    throw new Error('snapshot varint too long');
  }

  string(): string {
    const length = this.varint();
    if (this.offset + length > this.bytes.length) throw new Error('snapshot truncated');
    const value = decoder.decode(this.bytes.subarray(this.offset, this.offset + length));
    this.offset += length;
    return value;
  }

  bookingId(): string {
    const kind = this.byte();
    if (kind === ID_TEXT) return this.string();
    if (kind !== ID_UUID) throw new Error(`snapshot has unknown booking id kind ${kind}`);
    // Built from char codes in one go: a flat 36-char string. Concatenating piece by piece
    // would leave a rope of ~40 cons-string nodes (~1.3 KB of heap per id) in the state.
    const codes = UUID_CODES;
    let k = 0;
    for (let i = 0; i < 16; i++) {
      const b = this.byte();
      codes[k++] = HEX.charCodeAt(b >> 4);
      codes[k++] = HEX.charCodeAt(b & 15);
      if (i === 3 || i === 5 || i === 7 || i === 9) codes[k++] = 0x2d; // '-'
    }
    return String.fromCharCode.apply(null, codes);
  }
}
