import type { SectionKind } from '../knowledge/schema.js';
import { tokenize } from './tokenize.js';

/**
 * Question words say which part of the article a reader wants (为什么 → causes), but
 * they are not content: they would match nothing, or everything. `analyzeQuery` lifts
 * them out as intents and leaves the content words for the search.
 *
 * `strip` phrases are removed from the text; `keep` phrases also occur in the article's
 * own sentences (原因, 影响, 措施), so they signal an intent and stay searchable.
 */
interface IntentRule {
  kind: SectionKind;
  strip: RegExp;
  keep: RegExp;
}

const RULES: IntentRule[] = [
  {
    kind: 'case',
    strip: /举个?例子?|\b(?:for example|for instance)\b/g,
    keep: /某市|该市|案例|例子|实例|\b(?:case|example|examples)\b/g,
  },
  {
    kind: 'cause',
    strip: /为什么|为啥|为何|怎么会|凭什么|\bwhy\b|\bhow come\b/g,
    keep: /原因|缘故|导致|因素|\b(?:causes?|reasons?|because|factors?|drivers?)\b/g,
  },
  {
    kind: 'effect',
    strip: /会怎样|会怎么样|有什么后果|\bwhat happens\b/g,
    keep: /影响|后果|冲击|危害|\b(?:effects?|impacts?|consequences?|affects?|affected|results?|problems?)\b/g,
  },
  {
    kind: 'strategy',
    strip: /如何|怎么办|怎样|怎么做|咋办|咋整|该怎么|能做什么|怎么|\bhow\b|\bwhat can\b|\bwhat should\b/g,
    keep: /对策|措施|办法|策略|方法|解决|应对|\b(?:measures?|strategy|strategies|solutions?|solve|fix|tackle|respond|policy options?)\b/g,
  },
];

// Filler that carries neither content nor intent; removed so it cannot match by chance.
// Single characters are limited to particles that never start or end an article word.
const FILLER =
  /什么|哪些|哪个|有没有|是不是|可以|能够|请问|一下|我想|想知道|告诉我|关于|有关|讲讲|说说|介绍|我们|你们|他们|的|了|是|吗|呢|吧|啊|呀|嘛|么|啥/g;

// Words that only restate the article's subject. Every section is about them, so they
// rank nothing; they are set aside, and a query made only of them asks for the overview.
const TOPIC =
  /人口净流出的城市|人口净流出城市|人口外流的城市|人口流出的城市|人口净流出|人口会?外流|人口会?流出|人口会?流失|人口会?减少|人都走了|净流出|\b(?:shrinking|declining|depopulating) (?:cities|city|towns?)\b|\b(?:net )?(?:population )?outflow\b|\bpopulation (?:loss|decline)\b|\bdepopulation\b|\bpeople (?:leaving|leave)\b/g;

export interface AnalyzedQuery {
  /** Content words left after question words and filler are removed. */
  content: string;
  /** Kinds of section the wording asks for, strongest first. */
  intents: SectionKind[];
  /** The query names the article's subject (人口外流, shrinking city…). */
  topic: boolean;
  /** Nothing but words that name a kind ("causes", 影响, 措施): the reader wants that whole part. */
  kindOnly: boolean;
}

// Links, Discord mentions and custom emoji are never content; their letters must not match words.
const NOT_TEXT = /\b(?:https?:\/\/|www\.)\S+|<a?:\w+:\d+>|<(?:@[!&]?|#)\d+>/g;

function withoutKindWords(text: string): string {
  let rest = text;
  for (const rule of RULES) rest = rest.replace(rule.keep, ' ');
  return rest;
}

export function analyzeQuery(query: string): AnalyzedQuery {
  const normalized = query.replace(NOT_TEXT, ' ');
  let content = normalized;
  const intents: SectionKind[] = [];
  for (const rule of RULES) {
    rule.strip.lastIndex = 0;
    rule.keep.lastIndex = 0;
    const stripped = rule.strip.test(normalized);
    rule.keep.lastIndex = 0;
    if (stripped || rule.keep.test(normalized)) intents.push(rule.kind);
    content = content.replace(rule.strip, ' ');
  }
  TOPIC.lastIndex = 0;
  const topic = TOPIC.test(content);
  content = content.replace(TOPIC, ' ').replace(FILLER, ' ').replace(/\s+/g, ' ').trim();
  // Leftovers that are stopwords or single characters (有, 的) do not count as saying what about.
  const kindOnly =
    intents.length > 0 && content !== '' && tokenize(withoutKindWords(content)).every((t) => t.length < 2);
  return { content, intents, topic, kindOnly };
}
