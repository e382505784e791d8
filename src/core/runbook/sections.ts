// Section kinds from heading text, and which headings are really steps (`### 1. Check logs`).
import type { SectionKind } from './types.ts';

// Order matters: `Rollback procedure` is rollback, `Procedure to fix` is mitigate,
// `Possible checks` investigates while `Prerequisite checks` gates.
const KIND_RULES: [SectionKind, RegExp][] = [
  ['rollback', /roll[\s-]?back|revert|back[\s-]?out|\bundo\b|\u56de\u6eda/i], // 回滚 (written as escapes: the bundle stays ASCII)
  ['escalate', /escalat|\bpaging\b|on[\s-]?call|\bcontacts?\b|\u5347\u7ea7/i], // 升级
  ['check', /pre[\s-]?requisite|prereq|pre[\s-]?check|pre[\s-]?flight|before you (?:begin|start)|checklist|\bverif|\bvalidat/i],
  ['investigate', /investigat|diagnos|troubleshoot|triage|debug|analy[sz]|possible checks|\bchecks?\b|identify|detect|\u8bca\u65ad|\u6392\u67e5/i], // 诊断 排查
  ['mitigate', /mitigat|resolution|\bresolv|remediat|\bfix|workaround|recover|procedure|execution|containment|eradicat|\bactions?\b|\brespon|\u7f13\u89e3|\u5904\u7406|\u89e3\u51b3/i], // 缓解 处理 解决
];

/**
 * The kind a title names, or null. Under a parent section, a title that names the parent's
 * kind among others keeps it: `Fix validation errors` under `Mitigation` is a mitigation,
 * though "validation" alone would make it a check.
 */
export function sectionKind(title: string, parent: SectionKind | null = null): SectionKind | null {
  const kinds = KIND_RULES.filter(([, pattern]) => pattern.test(title)).map(([kind]) => kind);
  if (parent !== null && kinds.includes(parent)) return parent;
  return kinds[0] ?? null;
}

/** `1. Check the logs`, `2) Scale`, `1.2 Sub-step`, `Step 3: Resize`, `a. If the node...`. */
export function isStepHeading(title: string): boolean {
  return /^(?:step\s*\d+\b|\d+(?:\.\d+)*[.)]\s|\d+\.\d+\s|[a-z][.)]\s)/i.test(title.trim()) && !/^[a-z][.)]\s*$/i.test(title.trim());
}
