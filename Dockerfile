# PIM Copilot container, for hosts other than App Service (Container Apps, AKS, any Docker host).
# Settings come from the environment (src/config.ts); in a container set at least NODE_ENV,
# MicrosoftAppId/MicrosoftAppPassword (or MicrosoftAppType=UserAssignedMSI), AAD_TENANT_ID,
# AAD_CLIENT_ID with one credential, and DATABASE_URL.
#   docker build -t pim-copilot .
#   docker run -p 3978:3978 --env-file prod.env pim-copilot

ARG NODE_IMAGE=node:20-bookworm-slim

# Build: all dependencies, compile, copy the non-TypeScript assets, then drop dev dependencies.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY bin ./bin
COPY src ./src
COPY scripts ./scripts
RUN npm run build \
 && node --import tsx scripts/copy-assets.ts \
 && npm prune --omit=dev --no-audit --no-fund

# Runtime: compiled code and production dependencies only, as the unprivileged `node` user.
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=3978 \
    HOST=0.0.0.0
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/bin ./bin
COPY --from=build /app/dist ./dist
COPY adaptive-cards ./adaptive-cards
# PGlite's files, when no DATABASE_URL is given (one instance only); a volume keeps them.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3978
# The slim image has no curl: Node's fetch checks /healthz.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3978) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--disable-warning=DEP0111", "--no-allocation-site-pretenuring", "bin/pim-copilot.js", "start"]
