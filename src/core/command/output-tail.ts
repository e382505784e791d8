// The last lines of a command's output, for the screen, with memory that stays flat however much
// the command prints (the full output goes to the log file). Lines are kept in a ring; a chunk
// holding more lines than the ring is cut from the end first, so `yes` printing 100 MB costs a
// few thousand byte scans per chunk instead of splitting 50 million lines.
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
      this.#decoder = newDecoder();
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
