// Which alert label a runbook placeholder or variable asks for. Runbooks spell it many ways:
// `$NAMESPACE`, `${POD_NAME}`, `<namespace>`, `<pod-name>`, `[NODE]`, `{{namespace}}`, and in
// prose placeholders `<value of namespace label from alert>` or `<persistentvolumeclaim label
// from alert>`, and real ones write `<my-namespace>` and `<my-pvc>`. Matching is by words,
// case-insensitively, and only ever to a label the alert actually has: a guess that fills the
// wrong namespace into a command is worse than a prompt.

/** What the matcher needs from a placeholder (`Placeholder` from the runbook model fits). */
export interface NamedSlot {
  name: string;
  raw: string;
}

/** `persistent_volume_claim`, `persistentVolumeClaim`, `PERSISTENTVOLUMECLAIM` → the same key. */
export function labelKey(text: string): string {
  return words(text).join('');
}

/** Lower-case words: camelCase, snake_case, kebab-case and spaces all split. */
export function words(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}

/** The text inside the placeholder's syntax: `<a b>` → `a b`, `${X}` → `X`, `{{ x }}` → `x`. */
function inner(raw: string): string {
  return raw
    .trim()
    .replace(/^\$\{(.*)\}$/s, '$1')
    .replace(/^\{\{(.*)\}\}$/s, '$1')
    .replace(/^<(.*)>$/s, '$1')
    .replace(/^\[(.*)\]$/s, '$1')
    .replace(/^\$/, '');
}

/** How many words before `label` may form a label name (`persistent volume claim label`). */
const MAX_LABEL_WORDS = 4;

/** `<my-namespace>`, `<the-pod>`: words that point at "the one in question", i.e. the alert's. */
const FILLER = new Set(['my', 'your', 'the', 'this', 'affected', 'failing', 'target']);

/** Short forms runbooks use for Kubernetes labels (kube-state-metrics spells them out). */
const ALIASES: Readonly<Record<string, string>> = { pvc: 'persistentvolumeclaim', pv: 'persistentvolume', ns: 'namespace' };

function lookup(key: string, byKey: ReadonlyMap<string, string>): string | undefined {
  return byKey.get(key) ?? (ALIASES[key] ? byKey.get(ALIASES[key]) : undefined);
}

function matchWords(all: readonly string[], byKey: ReadonlyMap<string, string>): string | null {
  let first = 0;
  while (first < all.length - 1 && FILLER.has(all[first] ?? '')) first++;
  const ws = all.slice(first);
  if (ws.length === 0) return null;
  const whole = lookup(ws.join(''), byKey);
  if (whole) return whole;
  // `<pod-name>`, `$NODE_NAME`: the name of the pod is the pod label.
  if (ws.length > 1 && ws[ws.length - 1] === 'name') {
    const base = lookup(ws.slice(0, -1).join(''), byKey);
    if (base) return base;
  }
  // `<value of namespace label from alert>`: the words just before `label` name it.
  for (let i = 0; i < ws.length; i++) {
    if (ws[i] !== 'label') continue;
    for (let start = i - 1; start >= Math.max(0, i - MAX_LABEL_WORDS); start--) {
      const found = lookup(ws.slice(start, i).join(''), byKey);
      if (found) return found;
    }
  }
  return null;
}

/** The label of `labels` the slot asks for, or null. Tries the normalised name, then the raw text. */
export function labelForSlot(slot: NamedSlot, labels: Readonly<Record<string, string>>): string | null {
  const byKey = new Map<string, string>();
  for (const name of Object.keys(labels).sort()) {
    const key = labelKey(name);
    if (key !== '' && !byKey.has(key)) byKey.set(key, name);
  }
  return matchWords(words(slot.name), byKey) ?? matchWords(words(inner(slot.raw)), byKey);
}
