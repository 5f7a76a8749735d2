import { describe, expect, it } from 'vitest';
import { findDuplicateKey } from './json-keys';

describe('findDuplicateKey', () => {
  it.each([
    ['{}'],
    ['{"a":1,"b":{"a":2},"c":[{"a":3},{"a":4}]}'], // the same key in different objects is fine
    ['{"a":"\\"a\\":","b":["a","a"]}'], // keys inside strings and arrays do not count
    ['[{"a":1},{"a":1}]'],
    ['"{\\"a\\":1,\\"a\\":2}"'],
  ])('finds none in %s', (text) => {
    JSON.parse(text);
    expect(findDuplicateKey(text)).toBeUndefined();
  });

  it.each([
    ['{"a":1,"a":2}', [], 'a'],
    ['{ "a" : 1 , "\\u0061" : 2 }', [], 'a'],
    ['{"x":{"d":"F32","s":[1,{"q":0}],"d":"F64"}}', ['x'], 'd'],
    ['{"x":{"y":[{"k":1,"k":2}]}}', ['x', 'y'], 'k'],
    ['{"\\"":{},"\\"":{}}', [], '"'],
  ])('finds the duplicate in %s', (text, path, key) => {
    JSON.parse(text);
    expect(findDuplicateKey(text)).toEqual({ path, key });
  });
});
