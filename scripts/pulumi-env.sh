# Source this file (bash/zsh) before running pulumi commands for NeuroPilot:
#   source scripts/pulumi-env.sh
# It puts <repo>/.tools/pulumi/bin (built by scripts/setup-pulumi.sh) first on PATH and sets defaults
# for a machine without access to the Pulumi Cloud. Every variable already set is kept as is.
_np_root=$(cd "$(dirname "${BASH_SOURCE[0]:-$0}")/.." && pwd)
case ":$PATH:" in
  *":$_np_root/.tools/pulumi/bin:"*) ;;
  *) export PATH="$_np_root/.tools/pulumi/bin:$PATH" ;;
esac
export PULUMI_SKIP_UPDATE_CHECK="${PULUMI_SKIP_UPDATE_CHECK:-true}"
# Plugins come from .tools/pulumi/bin (or PULUMI_HOME); never download them.
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION="${PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION:-true}"
# Embedded backend: stack state in <repo>/.pulumi-state (git-ignored).
export PULUMI_BACKEND_URL="${PULUMI_BACKEND_URL:-file://$_np_root/.pulumi-state}"
if [ "$PULUMI_BACKEND_URL" = "file://$_np_root/.pulumi-state" ]; then
  mkdir -p "$_np_root/.pulumi-state"
  # Only for this embedded local development backend: without a terminal the CLI cannot prompt for a
  # passphrase, so default to the empty passphrase. Secrets in this local state are then NOT protected;
  # set PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE for anything that matters.
  if [ -z "${PULUMI_CONFIG_PASSPHRASE+x}" ] && [ -z "${PULUMI_CONFIG_PASSPHRASE_FILE:-}" ]; then
    export PULUMI_CONFIG_PASSPHRASE=""
  fi
fi
unset _np_root
