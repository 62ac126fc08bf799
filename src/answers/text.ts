import type { Answer } from './model.js';

/** The console's rendering: the same answer as plain text, Markdown bold reduced to plain. */
export function renderText(answer: Answer): string {
  const plain = (s: string) => s.replace(/\*\*(.+?)\*\*/g, '$1');
  const out: string[] = [];
  out.push(`== ${plain(answer.title)} ==`);
  if (answer.body) out.push(plain(answer.body));
  for (const f of answer.fields) out.push('', `-- ${plain(f.name)} --`, plain(f.value));
  if (answer.links.length > 0) {
    out.push('', answer.links.map((l) => `[${l.label}] (/open ${l.target})`).join('  '));
  }
  if (answer.menu) {
    out.push('', ...answer.menu.options.map((o) => `  /open ${o.target}  ${o.label}`));
  }
  if (answer.footer) out.push('', `(${answer.footer})`);
  return out.join('\n');
}
