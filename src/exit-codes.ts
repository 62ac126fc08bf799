/**
 * What the process's exit status tells a supervisor (the values of BSD's sysexits.h):
 * - 0: stopped as asked (SIGTERM, SIGINT): nothing to do;
 * - 78 (EX_CONFIG): a configuration, token or intents problem that a restart cannot fix: don't
 *   restart, alert someone (systemd: `RestartPreventExitStatus=78`);
 * - 75 (EX_TEMPFAIL): a failure that may pass (network, Discord unavailable): restart with back-off.
 */
export const EXIT_OK = 0;
export const EXIT_CONFIG = 78;
export const EXIT_TEMPORARY = 75;

/** Gateway close codes after which reconnecting with the same settings can never work. */
const PERMANENT_CLOSE_CODES = new Set([4004, 4010, 4011, 4012, 4013, 4014]);

export function exitCodeForClose(code: number): number {
  return PERMANENT_CLOSE_CODES.has(code) ? EXIT_CONFIG : EXIT_TEMPORARY;
}

/** A login failure: a rejected token (401, TokenInvalid) is permanent, anything else temporary. */
export function exitCodeForLoginError(err: unknown): number {
  const e = err as { code?: unknown; status?: unknown } | null;
  if (e && (e.code === 'TokenInvalid' || e.code === 'TokenMissing' || e.status === 401)) return EXIT_CONFIG;
  if (e && typeof e.code === 'number' && PERMANENT_CLOSE_CODES.has(e.code)) return EXIT_CONFIG;
  return EXIT_TEMPORARY;
}
