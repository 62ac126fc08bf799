import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

const TOKEN = 'MTIwMDAwMDAwMDAwMDAwMDAwMg.GxYzAb.abcdefghijklmnopqrstuvwxyz0123456789AB';

describe('loadConfig', () => {
  it('applies defaults and treats blank values as unset', () => {
    const config = loadConfig({ DISCORD_TOKEN: '', LOG_LEVEL: '', DISCORD_API_URL: ' ' });
    expect(config.DISCORD_TOKEN).toBeUndefined();
    expect(config.LOG_LEVEL).toBe('info');
    expect(config.DISCORD_API_URL).toBe('https://discord.com/api');
    expect(config.RATE_LIMIT_COUNT).toBeGreaterThan(0);
  });

  it('accepts a complete configuration', () => {
    const config = loadConfig({
      DISCORD_TOKEN: TOKEN,
      DISCORD_APPLICATION_ID: '1200000000000000001',
      DISCORD_GUILD_ID: '1200000000000000003',
      LOG_LEVEL: 'DEBUG',
      DISCORD_API_URL: 'http://127.0.0.1:1234/api',
      RATE_LIMIT_COUNT: '0',
    });
    expect(config).toMatchObject({
      LOG_LEVEL: 'debug',
      RATE_LIMIT_COUNT: 0,
      DISCORD_API_URL: 'http://127.0.0.1:1234/api',
    });
  });

  it('names every wrong value in one message, without echoing any value', () => {
    const bad = {
      DISCORD_TOKEN: 'not a token secret-ish',
      DISCORD_APPLICATION_ID: '12ab',
      DISCORD_GUILD_ID: '999',
      LOG_LEVEL: 'loud',
      DISCORD_API_URL: 'ftp://example',
      RATE_LIMIT_COUNT: '-3',
    };
    let error: unknown;
    try {
      loadConfig(bad);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    for (const key of Object.keys(bad)) expect(message).toContain(key);
    expect(message).not.toContain('secret-ish');
    expect((error as ConfigError).problems).toHaveLength(Object.keys(bad).length);
  });
});

describe('loadConfig: operations settings', () => {
  it('reads the HTTP port, public key, gateway switch and shard count', () => {
    const config = loadConfig({
      HTTP_PORT: '8080',
      DISCORD_PUBLIC_KEY: 'AB'.repeat(32),
      GATEWAY_INTERACTIONS: 'off',
      SHARD_COUNT: '4',
    });
    expect(config).toMatchObject({
      HTTP_PORT: 8080,
      HTTP_HOST: '0.0.0.0',
      GATEWAY_INTERACTIONS: false,
      SHARD_COUNT: 4,
    });
    expect(loadConfig({ SHARD_COUNT: 'AUTO' }).SHARD_COUNT).toBe('auto');
    expect(loadConfig({}).GATEWAY_INTERACTIONS).toBe(true);
    expect(loadConfig({}).HTTP_PORT).toBeUndefined();
  });

  it.each([
    ['HTTP_PORT', '70000'],
    ['HTTP_PORT', 'http'],
    ['DISCORD_PUBLIC_KEY', 'not-hex'],
    ['GATEWAY_INTERACTIONS', 'maybe'],
    ['SHARD_COUNT', '0'],
    ['SHARD_COUNT', 'many'],
  ])('%s=%s is refused by name', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(name));
  });
});
