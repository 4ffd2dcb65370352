# The image the Kubernetes CronJobs (deploy/k8s/) run: the project, its npm packages, the compiled CLI and the
# Pulumi CLI at the version of @pulumi/pulumi with the aws plugin @pulumi/aws declares (scripts/ci/pulumi-versions.sh).
# Entry point: `neuropilot`; the CronJob passes `cycle --stack <stack>`.
FROM node:20-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl git && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN eval "$(bash scripts/ci/pulumi-versions.sh)" \
  && curl -fsSL https://get.pulumi.com | sh -s -- --version "$pulumi" \
  && /root/.pulumi/bin/pulumi plugin install resource aws "$aws" \
  && npm run build
ENV PATH="/root/.pulumi/bin:${PATH}" PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true PULUMI_SKIP_UPDATE_CHECK=true
ENTRYPOINT ["node", "optimizer/cli/bin.cjs"]
