// pm2 recipe: `pm2 start deploy/ecosystem.config.cjs` (after `npm ci && npm run build`).
// pm2 runs node on the compiled entry itself (no npm in between), so signals reach the bot.
// `pm2 reload outflow-bot` restarts it; to reload the knowledge only: `pm2 sendSignal SIGHUP outflow-bot`.
const path = require('node:path');

module.exports = {
  apps: [
    {
      name: 'outflow-bot',
      cwd: path.join(__dirname, '..'),
      script: 'dist/main.js',
      // For the HTTP interactions endpoint instead: args: 'serve'.
      args: '',
      interpreter: 'node',
      exec_mode: 'fork',
      instances: 1,
      env: { NODE_ENV: 'production' },
      // pm2 stops with SIGINT, then SIGKILL after kill_timeout: leave time to finish replies in flight.
      kill_timeout: 10_000,
      // 0: stopped as asked; 78: configuration, token or intents problem. Neither is restarted.
      stop_exit_codes: [0, 78],
      // 75 (temporary failure) and crashes: restart with exponential back-off from 1 s.
      exp_backoff_restart_delay: 1000,
      autorestart: true,
    },
  ],
};
