# syntax=docker/dockerfile:1
#
# The Logbook backend. Two stages: `build` compiles the TypeScript and the native modules,
# `runtime` carries only what `node dist/core/main.js` needs. See docs/deploy-docker.md.
#
#   docker build -t the-logbook .
#   docker run --env-file logbook.env -p 3001:3001 the-logbook

# ---- build ---------------------------------------------------------------------------------
FROM node:20-bookworm-slim AS build

# sqlite3 compiles from source on install (node-gyp: python3, make, a C++ compiler).
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Dependencies first, so editing the sources does not redo the slow native build.
# Install scripts are skipped, then run for exactly the two packages package.json's
# `allowScripts` allows (sqlite3, argon2): the same policy on every npm version, and no
# install-time telemetry (@scarf/scarf) or banners from the others.
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm \
    npm ci --ignore-scripts --no-audit --no-fund \
 && npm rebuild sqlite3 argon2

# The sources; .dockerignore keeps out tests, benchmarks, docs, local data, secrets and any
# generated or compiled output, so routes and dist/ are always built fresh here.
COPY . .
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund

# ---- runtime -------------------------------------------------------------------------------
FROM node:20-bookworm-slim AS runtime

ENV NODE_ENV=production \
    ENVIRONMENT=production \
    PORT=3001

WORKDIR /app

# The code stays owned by root and read-only for the server's user; only data/ (the SQLite
# database and development secrets, when used) is writable.
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/bin ./bin
RUN mkdir -p /app/data && chown node:node /app/data

# The unprivileged user the node image ships (uid 1000).
USER node

EXPOSE 3001

# Liveness only: /health/live touches no dependency, so a database outage does not get the
# container restarted in a loop (readiness is /health). Plain node, since the image has no curl.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "const r=require('http').get({host:'127.0.0.1',port:process.env.PORT||3001,path:'/health/live',timeout:4000},(s)=>process.exit(s.statusCode===200?0:1));r.on('timeout',()=>r.destroy(new Error('timeout')));r.on('error',()=>process.exit(1))"]

# The server applies pending migrations itself at start (MIGRATE_ON_START=false turns that off),
# and handles SIGTERM by draining requests before it exits.
CMD ["node", "dist/core/main.js"]
