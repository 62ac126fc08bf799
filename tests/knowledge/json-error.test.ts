import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { locateJsonError } from '../../src/knowledge/json-error.js';
import { DEFAULT_KNOWLEDGE_DIR } from '../../src/knowledge/paths.js';

const KNOWLEDGE = DEFAULT_KNOWLEDGE_DIR;

describe('locating a JSON syntax error', () => {
  const parses = (text: string) => {
    try {
      JSON.parse(text);
      return true;
    } catch {
      return false;
    }
  };

  it('agrees with JSON.parse on what is valid', () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        expect(locateJsonError(text)).toBeUndefined();
      }),
    );
    fc.assert(
      fc.property(
        fc.string({ maxLength: 12, unit: fc.constantFrom(...'{}[]:,"\\ \n0123-.eE+tfnrulsa') }),
        (text) => {
          expect(locateJsonError(text) === undefined).toBe(parses(text));
        },
      ),
      { numRuns: 2000 },
    );
    for (const file of readdirSync(path.join(KNOWLEDGE, 'sections'))) {
      expect(
        locateJsonError(readFileSync(path.join(KNOWLEDGE, 'sections', file), 'utf8')),
        file,
      ).toBeUndefined();
    }
  });

  it('points at the first wrong character', () => {
    expect(locateJsonError('{"a": 1,}')).toBe(8);
    expect(locateJsonError('[1 2]')).toBe(3);
    expect(locateJsonError('{"order": ten}')).toBe(10);
    expect(locateJsonError('"abc')).toBe(4);
    expect(locateJsonError('')).toBe(0);
    expect(locateJsonError('{} x')).toBe(3);
  });
});
