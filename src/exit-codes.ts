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

/**
 * The exit status for a stop explained by src/discord/close-codes.ts: its `permanent` is the one
 * place that decides which close codes and login failures a restart cannot fix.
 */
export function exitCodeFor(why: { permanent: boolean }): number {
  return why.permanent ? EXIT_CONFIG : EXIT_TEMPORARY;
}
