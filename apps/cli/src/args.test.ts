import { describe, expect, it } from 'vitest';
import { choice, formatHelp, integer, number, parseCommand, type CommandSpec } from './args';
import { UsageError } from './io';

const spec: CommandSpec = {
  name: 'demo',
  usage: 'dnn demo THING',
  summary: 'A demo.',
  options: { count: { type: 'string', value: 'N', help: 'how many', default: '3' }, loud: { type: 'boolean', help: 'shout' } },
};

describe('parseCommand', () => {
  it('separates options, positionals and --help', () => {
    expect(parseCommand(spec, ['x', '--count', '5', '--loud'])).toEqual({ values: { count: '5', loud: true }, positionals: ['x'], help: false });
    expect(parseCommand(spec, ['--count=7', '-h']).help).toBe(true);
  });

  it('an unknown option is a UsageError naming the command', () => {
    let err: unknown;
    try {
      parseCommand(spec, ['--cuont', '5']);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UsageError);
    expect((err as UsageError).message).toBe("dnn demo: unknown option '--cuont'");
    expect((err as UsageError).command).toBe('demo');
  });
});

describe('number options', () => {
  it.each([['12', 12], ['+3', 3], [' 4 ', 4]])('integer %j is %d', (raw, v) => expect(integer('demo', 'count', raw, 1)).toBe(v));
  it.each(['1e3', '2.0', '', 'x', '-1', '9007199254740993'])('integer %j is refused', (raw) => {
    expect(() => integer('demo', 'count', raw, 0)).toThrow(`dnn demo: --count must be a non-negative integer, got '${raw}'`);
  });
  it('numbers accept decimals and exponents, not NaN or infinity', () => {
    expect(number('demo', 'lr', '1e-3', true)).toBe(0.001);
    expect(number('demo', 'momentum', '0', false)).toBe(0);
    expect(() => number('demo', 'lr', '0', true)).toThrow("--lr must be a positive number, got '0'");
    expect(() => number('demo', 'lr', 'Infinity', true)).toThrow('--lr must be a positive number');
  });
  it('undefined stays undefined (the default applies)', () => {
    expect(integer('demo', 'count', undefined, 1)).toBeUndefined();
    expect(choice('demo', 'kind', undefined, ['a', 'b'])).toBeUndefined();
  });
});

describe('formatHelp', () => {
  it('aligns the options and shows defaults', () => {
    expect(formatHelp(spec)).toBe([
      'Usage: dnn demo THING',
      '',
      'A demo.',
      '',
      'Options:',
      '  --count N   how many (default: 3)',
      '  --loud      shout',
      '  -h, --help  show this help',
      '',
    ].join('\n'));
  });
});
