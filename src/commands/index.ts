import { about } from './about.js';
import { ask } from './ask.js';
import { caseStudy } from './case.js';
import { causes } from './causes.js';
import { effects } from './effects.js';
import { helpCommand } from './help.js';
import { search } from './search.js';
import type { CommandSpec } from './spec.js';
import { strategy } from './strategy.js';
import { topics } from './topics.js';

export const COMMANDS: readonly CommandSpec[] = [
  causes,
  effects,
  strategy,
  caseStudy,
  search,
  ask,
  topics,
  helpCommand(() => COMMANDS),
  about,
];

export const COMMANDS_BY_NAME: ReadonlyMap<string, CommandSpec> = new Map(COMMANDS.map((c) => [c.name, c]));
