import { ORIGINAL_PREFIX } from '../answers/model.js';
import { OPEN_PREFIX } from '../commands/search.js';
import { LIMITS } from './limits.js';

/**
 * Buttons and menus carry everything they need in their custom id, so they keep
 * working after a restart: `open:<section id>` for a button, `menu:open` for the outline
 * menu (the chosen value is the section id), `zh:<section id>` for the button under an English
 * reply that shows the article's Chinese beside the translation. A `zh:` id opens the target
 * `zh:<section id>` (see `openSection`), so both transports answer it as they answer any button.
 */
export const MENU_OPEN = 'menu:open';

export function openButtonId(sectionId: string): string {
  return `${OPEN_PREFIX}${sectionId}`.slice(0, LIMITS.customId);
}

export function originalButtonId(sectionId: string): string {
  return `${ORIGINAL_PREFIX}${sectionId}`.slice(0, LIMITS.customId);
}

export type ParsedCustomId =
  | { action: 'open'; sectionId: string }
  | { action: 'menu' }
  | { action: 'unknown' };

export function parseCustomId(customId: string): ParsedCustomId {
  if (customId.startsWith(OPEN_PREFIX) && customId.length > OPEN_PREFIX.length) {
    return { action: 'open', sectionId: customId.slice(OPEN_PREFIX.length) };
  }
  if (customId.startsWith(ORIGINAL_PREFIX) && customId.length > ORIGINAL_PREFIX.length) {
    return { action: 'open', sectionId: customId };
  }
  if (customId === MENU_OPEN) return { action: 'menu' };
  return { action: 'unknown' };
}
