// Plain text of mdast nodes, without recursion (a document may nest thousands of levels).
import type { Nodes } from 'mdast';

/** Text content with Markdown stripped: inline code keeps its content, images their alt. */
export function plainText(node: Nodes): string {
  let out = '';
  const stack: Nodes[] = [node];
  while (stack.length > 0) {
    const current = stack.pop();
    if (!current) break;
    if (current.type === 'break') out += '\n';
    else if ('value' in current && typeof current.value === 'string' && current.type !== 'html' && current.type !== 'yaml') out += current.value;
    else if (current.type === 'image' || current.type === 'imageReference') out += current.alt ?? '';
    if ('children' in current) {
      for (let i = current.children.length - 1; i >= 0; i--) {
        const child = current.children[i];
        if (child) stack.push(child as Nodes);
      }
    }
  }
  return out;
}

export function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
