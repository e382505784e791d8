// The last lines of a command's output, for the screen, with memory that stays flat however much
// the command prints (the full output goes to the log file). Lines are kept in a ring; a chunk
// holding more lines than the ring is cut from the end first, so `yes` printing 100 MB costs a
// few thousand byte scans per chunk instead of splitting 50 million lines. Such a cut chunk is
// only decoded and split when someone reads the lines (the screen, at most once a frame, or the
// end): the next cut chunk usually replaces it unread, and a flood costs little more than the
// scan.
// Every line is sanitised (sanitizeTerminalText) before anyone sees it: the dashboard's live tail
// and the journal's tail both come from here, and no command output may drive the terminal.
import { sanitizeTerminalText } from '../terminal-text.ts';

export interface OutputTailOptions {
  /** Complete lines kept. Default 2000. */
  maxLines?: number;
  /** Longer lines are cut (with `…`) for display; the log keeps them whole. Default 4000. */
  maxLineLength?: number;
}

const NEWLINE = 0x0a;
/** Bytes scanned one by one from a chunk's end before handing the rest to lastIndexOf: cheaper for short lines, where a native call per line costs more than the bytes. */
const BYTE_SCAN_LIMIT = 1 << 16;

/** What the screen and the journal may show of a raw line: see sanitizeTerminalText. */
function displayLine(raw: string): string {
  return sanitizeTerminalText(raw);
}

/** Bytes that are not UTF-8 show as U+FFFD (never an exception); `stream` keeps characters split across chunks whole. */
function newDecoder() {
  return new TextDecoder('utf-8', { fatal: false });
}

export class OutputTail {
  readonly maxLines: number;
  readonly maxLineLength: number;
  #ring: string[];
  #start = 0;
  #count = 0;
  #partial = '';
  #partialCut = false;
  #decoder = newDecoder();
  /** The last piece ended in `\r`: the next text redraws the line (unless a newline comes first). */
  #pendingReturn = false;
  #bytes = 0;
  #dropped = false;
  #version = 0;
  /** The end of the last chunk that was cut (a copy: callers reuse their buffers), not yet decoded. */
  #unread: Uint8Array | null = null;

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
      this.#readUnread();
      this.#bytes += chunk.length;
      this.#pushText(chunk);
      return;
    }
    this.#bytes += chunk.byteLength;
    // Everything up to the newline before the last maxLines complete lines can never be shown.
    // A newline byte is always a UTF-8 character boundary, so decoding from there is safe.
    const start = this.#firstShownByte(chunk);
    if (start > 0) {
      this.#unread = chunk.slice(start);
      this.#decoder = newDecoder();
      this.#clear();
      this.#dropped = true;
      return;
    }
    this.#readUnread();
    this.#pushText(this.#decoder.decode(chunk, { stream: true }));
  }

  /** 0 when every line of the chunk may still be shown, else the offset just after the newline that ends the last line that cannot. */
  #firstShownByte(chunk: Uint8Array): number {
    let seen = 0;
    let at = chunk.byteLength - 1;
    const scanFloor = Math.max(0, chunk.byteLength - BYTE_SCAN_LIMIT);
    for (; at >= scanFloor; at--) {
      if (chunk[at] === NEWLINE && ++seen > this.maxLines) return at + 1;
    }
    while (at >= 0) {
      const found = chunk.lastIndexOf(NEWLINE, at);
      if (found < 0) return 0;
      if (++seen > this.maxLines) return found + 1;
      at = found - 1;
    }
    return 0;
  }

  #readUnread(): void {
    const unread = this.#unread;
    if (unread === null) return;
    this.#unread = null;
    this.#pushText(this.#decoder.decode(unread, { stream: true }));
  }

  /** Flushes a final line without a newline (call when the command ends). */
  end(): void {
    this.#readUnread();
    this.#pushText(this.#decoder.decode());
    if (this.#partial !== '' || this.#partialCut) {
      this.#addLine(this.#partial, this.#partialCut);
      this.#partial = '';
      this.#partialCut = false;
    }
  }

  /** The last `limit` lines (all kept lines by default), oldest first, the unfinished line last. */
  lines(limit: number = this.maxLines + 1): string[] {
    this.#readUnread();
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
    this.#pendingReturn = false;
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
      this.#pendingReturn = false;
      from = newline + 1;
    }
  }

  #appendPartial(piece: string): void {
    if (piece === '') return;
    // A `\r` redraws the line: only the last non-empty state is kept, so a progress bar that
    // redraws a million times in one line costs one state, not a cut-off first megabyte.
    let text = piece;
    if (piece.includes('\r')) {
      const states = piece.split('\r');
      let last = states.length - 1;
      while (last >= 0 && states[last] === '') last -= 1;
      if (last < 0) {
        this.#pendingReturn = true;
        return;
      }
      if (last > 0) this.#restartLine();
      text = states[last] as string;
      if (this.#pendingReturn) this.#restartLine();
      this.#pendingReturn = last < states.length - 1;
    } else if (this.#pendingReturn) {
      this.#restartLine();
      this.#pendingReturn = false;
    }
    if (this.#partialCut) return;
    const room = this.maxLineLength - this.#partial.length;
    if (text.length <= room) {
      this.#partial += text;
    } else {
      // Never cut between the two halves of a surrogate pair.
      const cut = /[\ud800-\udbff]/.test(text[room - 1] ?? '') ? room - 1 : room;
      this.#partial += text.slice(0, Math.max(0, cut));
      this.#partialCut = true;
    }
  }

  #restartLine(): void {
    this.#partial = '';
    this.#partialCut = false;
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
