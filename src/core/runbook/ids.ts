// Stable identifiers. Step ids must survive whitespace edits of the runbook, so they hash the
// whitespace-normalised text; a small pure FNV-1a keeps src/core free of node:crypto.

/** 32-bit FNV-1a over UTF-16 code units. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Six base-36 characters: short enough to read in a journal, enough to tell steps apart. */
export function shortHash(text: string): string {
  return fnv1a(normalizeSpace(text)).toString(36).padStart(7, '0').slice(-6);
}

export function normalizeSpace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** `Prerequisite Checks` → `prerequisite-checks`; non-Latin titles fall back to a hash. */
export function slugify(text: string): string {
  const slug = text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  if (slug) return slug;
  const trimmed = normalizeSpace(text);
  return trimmed ? `section-${shortHash(trimmed)}` : 'section';
}

/** Hands out `base`, `base-2`, `base-3`... so ids stay unique within one runbook. */
export class IdAllocator {
  private readonly used = new Set<string>();

  take(base: string): string {
    let id = base;
    for (let n = 2; this.used.has(id); n++) id = `${base}-${n}`;
    this.used.add(id);
    return id;
  }

  has(id: string): boolean {
    return this.used.has(id);
  }
}
