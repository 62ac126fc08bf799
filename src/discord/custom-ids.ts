import { LIMITS } from './limits.js';

/**
 * Buttons and menus carry everything they need in their custom id, so they keep
 * working after a restart: `open:<section id>` for a button, `menu:open` for the outline
 * menu (the chosen value is the section id).
 */
export const OPEN = 'open:';
export const MENU_OPEN = 'menu:open';

export function openButtonId(sectionId: string): string {
  return `${OPEN}${sectionId}`.slice(0, LIMITS.customId);
}

export type ParsedCustomId =
  | { action: 'open'; sectionId: string }
  | { action: 'menu' }
  | { action: 'unknown' };

export function parseCustomId(customId: string): ParsedCustomId {
  if (customId.startsWith(OPEN) && customId.length > OPEN.length) {
    return { action: 'open', sectionId: customId.slice(OPEN.length) };
  }
  if (customId === MENU_OPEN) return { action: 'menu' };
  return { action: 'unknown' };
}
