import { fileURLToPath } from 'node:url';

/** The shipped knowledge folder; operators may point KNOWLEDGE_DIR elsewhere. */
export const DEFAULT_KNOWLEDGE_DIR = fileURLToPath(new URL('../../knowledge', import.meta.url));

export function knowledgeDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.KNOWLEDGE_DIR?.trim() || DEFAULT_KNOWLEDGE_DIR;
}
