# One image for every idplane process; the command picks which (api, worker or cognito-emulator).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
USER node
# A larger young generation: both services allocate much short-lived garbage per request or run, and scavenges
# otherwise take a fifth of the api's CPU under load (bench:api).
CMD ["node", "--max-semi-space-size=64", "dist/apps/api/src/main.js"]
