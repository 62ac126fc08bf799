import { describe, expect, it } from 'vitest';
import { parseLine } from '../../src/commands/parse-line.js';

describe('parseLine', () => {
  it('fills the first text option with the words after the command', () => {
    expect(parseLine('/strategy industry')).toEqual({ name: 'strategy', args: { area: 'industry' } });
    expect(parseLine('/search 房价 下跌')).toEqual({ name: 'search', args: { query: '房价 下跌' } });
  });

  it('reads name:value options and booleans the way Discord would fill them', () => {
    expect(parseLine('/causes factor:economic private:true')).toEqual({
      name: 'causes',
      args: { factor: 'economic', private: true },
    });
    expect(parseLine('/ask private:no why do people leave')).toEqual({
      name: 'ask',
      args: { private: false, question: 'why do people leave' },
    });
  });

  it('keeps a word that only looks like an option as text', () => {
    expect(parseLine('/search time:now')).toEqual({ name: 'search', args: { query: 'time:now' } });
    expect(parseLine('/search private:maybe')).toEqual({ name: 'search', args: { query: 'private:maybe' } });
  });

  it('treats a line without a slash as a question, like a DM', () => {
    expect(parseLine('  为什么年轻人都走了？ ')).toEqual({
      name: 'ask',
      args: { question: '为什么年轻人都走了？' },
    });
  });

  it('passes unknown commands through for a polite error', () => {
    expect(parseLine('/Nope x')).toEqual({ name: 'nope', args: {} });
  });
});
