# syntax=docker/dockerfile:1
# outflow-bot: build the TypeScript in one stage, install production dependencies in another, and run
# the compiled code as an unprivileged user. The final image holds dist/, knowledge/, package.json and
# production node_modules: no sources, tests, dev tools, .env or .git (see .dockerignore).
#
#   docker build -t outflow-bot .
#   docker run --read-only --env-file .env outflow-bot                                        # gateway bot
#   docker run --read-only --env-file .env -p 3000:3000 outflow-bot node dist/main.js serve   # HTTP endpoint

ARG NODE_IMAGE=node:20-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    HTTP_PORT=3000
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY knowledge ./knowledge
# The image's files belong to root and are read-only to the bot, which runs as `node` (uid 1000).
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.HTTP_PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
STOPSIGNAL SIGTERM
# node is PID 1 and receives SIGTERM itself (no npm or shell in between); it drains and exits 0.
CMD ["node", "dist/main.js"]
