// How reduce() changes collections and records: copy-on-write for a live state that views may still hold,
// in place for replay()'s own state, so 100,000 events replay in linear time instead of copying
// every array on every event.

export interface Ops {
  push<T>(list: readonly T[], item: T): T[];
  replaceAt<T>(list: readonly T[], index: number, item: T): T[];
  set<T>(record: Readonly<Record<string, T>>, key: string, value: T): Record<string, T>;
  /** The object with `patch`'s fields: a copy, or (in place) the object itself. */
  with<T extends object>(target: T, patch: Partial<T>): T;
}

export const copyOnWrite: Ops = {
  push: (list, item) => [...list, item],
  replaceAt: (list, index, item) => {
    const next = list.slice();
    next[index] = item;
    return next;
  },
  set: (record, key, value) => ({ ...record, [key]: value }),
  with: (target, patch) => ({ ...target, ...patch }),
};

// Only used on a state whose arrays and records were all created by this fold.
export const inPlace: Ops = {
  push: (list, item) => {
    const owned = list as (typeof item)[];
    owned.push(item);
    return owned;
  },
  replaceAt: (list, index, item) => {
    const owned = list as (typeof item)[];
    owned[index] = item;
    return owned;
  },
  set: (record, key, value) => {
    const owned = record as Record<string, typeof value>;
    owned[key] = value;
    return owned;
  },
  // A state has some 40 fields: copying them for each of 100,000 events was most of replay's
  // own time and garbage.
  with: (target, patch) => Object.assign(target, patch),
};

/**
 * Replaces the last item `matches` finds with itself patched; the state is unchanged when none
 * matches. Events that refer to a request or delivery the journal never recorded change nothing:
 * the reader checks shape, not references, and one bad reference must not make a whole incident
 * unreadable. The search runs from the end because the referenced item is usually recent.
 */
export function patchLast<T extends object>(list: T[], ops: Ops, matches: (item: T) => boolean, patch: (item: T) => Partial<T>): T[] {
  const index = list.findLastIndex(matches);
  const item = list[index];
  if (item === undefined) return list;
  return ops.replaceAt(list, index, ops.with(item, patch(item)));
}
