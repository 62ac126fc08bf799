import { z } from 'zod';
import { lexiconSchema, partsFileSchema, sectionSchema } from './schema.js';

/** The JSON Schemas editors use to check knowledge files as they are typed; generated, never hand-edited. */
export function jsonSchemas(): Record<string, string> {
  const render = (schema: z.ZodType, title: string) =>
    `${JSON.stringify({ title, ...z.toJSONSchema(schema, { io: 'input' }) }, null, 2)}\n`;
  return {
    'section.schema.json': render(sectionSchema, 'outflow-bot knowledge section'),
    'parts.schema.json': render(partsFileSchema, 'outflow-bot knowledge parts'),
    'lexicon.schema.json': render(
      lexiconSchema,
      'outflow-bot lexicon: question words, synonyms, uncovered topics',
    ),
  };
}
