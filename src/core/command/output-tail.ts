// The last lines of a command's output, for the screen, with memory that stays flat however much
// the command prints (the full output goes to the log file). Lines are kept in a ring; a chunk
// holding more lines than the ring is cut from the end first, so `yes` printing 100 MB costs a
// few thousand byte scans per chunk instead of splitting 50 million lines.

export interface OutputTailOptions {
  /** Complete lines kept. Default 2000. */
  maxLines?: number;
  /** Longer lines are cut (with `…`) for display; the log keeps them whole. Default 4000. */
  maxLineLength?: number;
}

const NEWLINE = 0x0a;

/** Control sequences (colours, cursor moves) would garble the dashboard: drop them for display. */
// eslint-disable-next-line no-control-regex
const ESCAPES = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-_]|[\x00-\x08\x0b-\x1f\x7f]/g;

function displayLine(raw: string): string {
  const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  // A carriage return redraws the line (progress bars): the screen would show the last part.
  const lastReturn = line.lastIndexOf('\r');
  return (lastReturn >= 0 ? line.slice(lastReturn + 1) : line).replace(ESCAPES, '');
}

export class OutputTail {
  readonly maxLines: number;
  readonly maxLineLength: number;
  #ring: string[];
  #start = 0;
  #count = 0;
  #partial = '';
  #partialCut = false;
  #decoder = new TextDecoder('utf-8');
  #bytes = 0;
  #dropped = false;
  #version = 0;

  constructor(options: OutputTailOptions = {}) {
    this.maxLines = Math.max(1, options.maxLines ?? 2000);
    this.maxLineLength = Math.max(1, options.maxLineLength ?? 4000);
    this.#ring = new Array<string>(this.maxLines);
  }

  /** Total bytes (or UTF-16 units for string chunks) pushed. */
  get totalBytes(): number {
    return this.#bytes;
  }

  /** True once lines have fallen out of the ring: the screen should say the log has more. */
  get truncated(): boolean {
    return this.#dropped;
  }

  /** Bumps on every push: a cheap change marker for views that poll or throttle. */
  get version(): number {
    return this.#version;
  }

  push(chunk: Uint8Array | string): void {
    this.#version += 1;
    if (typeof chunk === 'string') {
      this.#bytes += chunk.length;
      this.#pushText(chunk);
      return;
    }
    this.#bytes += chunk.byteLength;
    let start = 0;
    // Find the newline before the last maxLines complete lines; everything up to it can never be
    // shown. A newline byte is always a UTF-8 character boundary, so decoding from there is safe.
    let seen = 0;
    let at = chunk.byteLength - 1;
    while (at >= 0) {
      const found = chunk.lastIndexOf(NEWLINE, at);
      if (found < 0) break;
      seen += 1;
      if (seen > this.maxLines) {
        start = found + 1;
        break;
      }
      at = found - 1;
    }
    if (start > 0) {
      this.#decoder = new TextDecoder('utf-8');
      this.#clear();
      this.#dropped = true;
    }
    this.#pushText(this.#decoder.decode(start > 0 ? chunk.subarray(start) : chunk, { stream: true }));
  }

  /** Flushes a final line without a newline (call when the command ends). */
  end(): void {
    this.#pushText(this.#decoder.decode());
    if (this.#partial !== '' || this.#partialCut) {
      this.#addLine(this.#partial, this.#partialCut);
      this.#partial = '';
      this.#partialCut = false;
    }
  }

  /** The last `limit` lines (all kept lines by default), oldest first, the unfinished line last. */
  lines(limit: number = this.maxLines + 1): string[] {
    const all: string[] = [];
    for (let i = 0; i < this.#count; i++) all.push(this.#ring[(this.#start + i) % this.maxLines]!);
    if (this.#partial !== '') all.push(displayLine(this.#partial));
    return limit >= all.length ? all : all.slice(all.length - limit);
  }

  #clear(): void {
    this.#start = 0;
    this.#count = 0;
    this.#partial = '';
    this.#partialCut = false;
  }

  #pushText(text: string): void {
    let from = 0;
    for (;;) {
      const newline = text.indexOf('\n', from);
      const piece = newline < 0 ? text.slice(from) : text.slice(from, newline);
      this.#appendPartial(piece);
      if (newline < 0) return;
      this.#addLine(this.#partial, this.#partialCut);
      this.#partial = '';
      this.#partialCut = false;
      from = newline + 1;
    }
  }

  #appendPartial(piece: string): void {
    if (this.#partialCut || piece === '') return;
    const room = this.maxLineLength - this.#partial.length;
    if (piece.length <= room) {
      this.#partial += piece;
    } else {
      this.#partial += piece.slice(0, room);
      this.#partialCut = true;
    }
  }

  #addLine(raw: string, cut: boolean): void {
    const line = displayLine(raw) + (cut ? '…' : '');
    if (this.#count < this.maxLines) {
      this.#ring[(this.#start + this.#count) % this.maxLines] = line;
      this.#count += 1;
    } else {
      this.#ring[this.#start] = line;
      this.#start = (this.#start + 1) % this.maxLines;
      this.#dropped = true;
    }
  }
}
