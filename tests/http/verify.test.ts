import { sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MAX_SIGNATURE_AGE_SECONDS, publicKeyFromHex, verifyDiscordRequest } from '../../src/http/verify.js';
import { applicationKeyPair } from '../support/fake-discord.js';

// RFC 8032, section 7.1, test 1: the empty message.
const RFC_PUBLIC = 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a';
const RFC_SIGNATURE =
  'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b';

describe('Ed25519 request signatures', () => {
  it('wraps the portal’s hex public key correctly (RFC 8032 test vector)', () => {
    const key = publicKeyFromHex(RFC_PUBLIC);
    expect(verify(null, Buffer.alloc(0), key, Buffer.from(RFC_SIGNATURE, 'hex'))).toBe(true);
    expect(() => publicKeyFromHex('abc')).toThrow();
  });

  it('accepts timestamp + body signed by the key; refuses anything else', () => {
    const { privateKey, publicHex } = applicationKeyPair();
    const key = publicKeyFromHex(publicHex);
    const now = 1_700_000_000;
    const body = Buffer.from('{"type":1}');
    const ts = String(now);
    const sig = sign(null, Buffer.concat([Buffer.from(ts), body]), privateKey).toString('hex');
    expect(verifyDiscordRequest(key, sig, ts, body, now)).toBe(true);
    expect(verifyDiscordRequest(key, sig.toUpperCase(), ts, body, now)).toBe(true);
    expect(verifyDiscordRequest(key, sig, ts, Buffer.from('{"type":2}'), now)).toBe(false);
    expect(verifyDiscordRequest(key, sig, String(now + 1), body, now)).toBe(false);
    expect(verifyDiscordRequest(key, sig, ts, body, now + MAX_SIGNATURE_AGE_SECONDS + 1)).toBe(false);
    expect(verifyDiscordRequest(key, undefined, ts, body, now)).toBe(false);
    expect(verifyDiscordRequest(key, sig, undefined, body, now)).toBe(false);
    expect(verifyDiscordRequest(key, sig.slice(2), ts, body, now)).toBe(false);
    expect(verifyDiscordRequest(key, 'zz'.repeat(64), ts, body, now)).toBe(false);
    expect(verifyDiscordRequest(key, sig, '1e9', body, now)).toBe(false);
  });
});
