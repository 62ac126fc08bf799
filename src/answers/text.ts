import { t } from '../i18n/strings.js';
import { type Answer, ORIGINAL_PREFIX } from './model.js';
import { editorialNotice, fieldHeading } from './views.js';

/**
 * The console's rendering: the same answer as plain text, Markdown bold reduced to plain. Our own
 * reading carries the same editorial label as on Discord: a notice above a body that is ours, and
 * the label in the heading of each field that is.
 */
export function renderText(answer: Answer): string {
  const plain = (s: string) => s.replace(/\*\*(.+?)\*\*/g, '$1');
  const out: string[] = [];
  out.push(`== ${plain(answer.title)} ==`);
  if (answer.editorial) out.push(`[${editorialNotice(answer.lang)}]`);
  if (answer.body) out.push(plain(answer.body));
  for (const f of answer.fields) out.push('', `-- ${plain(fieldHeading(f, answer.lang))} --`, plain(f.value));
  const buttons = answer.links.map((l) => `[${l.label}] (/open ${l.target})`);
  if (answer.original)
    buttons.push(`[${t(answer.lang, 'showOriginal')}] (/open ${ORIGINAL_PREFIX}${answer.original})`);
  if (buttons.length > 0) out.push('', buttons.join('  '));
  if (answer.menu) {
    out.push('', ...answer.menu.options.map((o) => `  /open ${o.target}  ${o.label}`));
  }
  if (answer.footer) out.push('', `(${answer.footer})`);
  return out.join('\n');
}
