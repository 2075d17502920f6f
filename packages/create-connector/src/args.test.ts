import { describe, expect, it } from 'vitest';
import { UsageError, parseCliArgs } from './args.js';

function usageError(argv: string[]): UsageError {
  try {
    parseCliArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) return e;
    throw e;
  }
  throw new Error(`expected a UsageError for ${argv.join(' ')}`);
}

describe('parseCliArgs', () => {
  it('reads the id and fills in the defaults', () => {
    expect(parseCliArgs(['acme-books'])).toEqual({
      help: false,
      id: 'acme-books',
      name: 'Acme Books',
      auth: 'api_token',
      dir: 'plugins',
      force: false,
    });
  });

  it('takes --name, --auth, --dir and --force in any order', () => {
    expect(parseCliArgs(['--auth', 'oauth2', 'acme2', '--name', 'Acme Zwei', '--dir=plugins', '--force'])).toEqual({
      help: false,
      id: 'acme2',
      name: 'Acme Zwei',
      auth: 'oauth2',
      dir: 'plugins',
      force: true,
    });
    expect(parseCliArgs(['-h'])).toEqual({ help: true });
  });

  it.each([
    [[], '<id>', /missing/],
    [['Acme'], '<id>', /"Acme" must be a manifest id/],
    [['a'], '<id>', /manifest id/],
    [['acme_books'], '<id>', /manifest id/],
    [['9acme'], '<id>', /starting with a letter/],
    [['acme', 'books'], '<id>', /expected one id, got also "books"/],
    [['acme', '--auth', 'basic'], '--auth', /"basic" must be one of api_token, oauth2/],
    [['acme', '--name', ''], '--name', /must not be empty/],
    [['acme', '--name', 'x'.repeat(81)], '--name', /at most 80/],
    [['acme', '--name'], '--name', /needs a value/],
    [['acme', '--nmae', 'Acme'], '--nmae', /unknown option/],
    [['acme', '--force=yes'], '--force', /does not take an argument/],
    [['acme', '--dir', ' '], '--dir', /must name a folder/],
  ] as const)('refuses %j, naming %s', (argv, argument, message) => {
    const error = usageError([...argv]);
    expect(error.argument).toBe(argument);
    expect(error.message).toMatch(message);
    expect(error.message.startsWith(`${argument}: `)).toBe(true);
  });
});
