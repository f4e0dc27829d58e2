# syntax=docker/dockerfile:1
# Tower of Temptation: compiled bot image. Build: docker build -t tower-of-temptation .
# Run it with docker compose (docker-compose.yml: the bot + MongoDB), or with MONGODB_URI and the
# variables of README "Configuration" given to `docker run`.

ARG NODE_VERSION=20

# ---- build: every dependency (TypeScript), src/ compiled to dist/
FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# ---- runtime: production dependencies and dist/ only, as the unprivileged `node` user
FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HEALTH_PORT=8080
WORKDIR /app
COPY package.json package-lock.json ./
# No install scripts: the only ones in production dependencies build optional native speed-ups of ssh2
# (a slim image has no compiler); ssh2 works without them.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
USER node
EXPOSE 8080
# Slim images have no curl: node's own fetch asks /healthz (200 when MongoDB and the gateway are up).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.HEALTH_PORT || 8080) + '/healthz', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--enable-source-maps", "dist/main.js"]
