#!/usr/bin/env bash
# Installs what the reference page's browser test (tests/server/docs_browser.rs) and
# the contract fuzzing test (tests/server/openapi_fuzz.rs) of chartgate-server need:
# Debian's Chromium, playwright-core (npm, from the committed lock file) and
# schemathesis (PyPI, pinned). Idempotent: whatever is already there at the
# right version is left alone. Without these, those tests fail under CI=true
# and skip otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."

SCHEMATHESIS_VERSION=4.32.5
BROWSER_DIR=crates/chartgate-server/tests/browser

# Chromium (and a font, so screenshots are legible).
if ! command -v chromium >/dev/null || ! dpkg -s fonts-dejavu-core >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
fi

# playwright-core, exactly as package-lock.json pins it.
wanted=$(node -p "require('./$BROWSER_DIR/package-lock.json').packages['node_modules/playwright-core'].version")
have=$(node -p "try { require('./$BROWSER_DIR/node_modules/playwright-core/package.json').version } catch { '' }")
if [ "$have" != "$wanted" ]; then
  (cd "$BROWSER_DIR" && npm ci --no-audit --no-fund --loglevel=error)
fi

# schemathesis, pinned.
if [ "$(schemathesis --version 2>/dev/null | awk '{print $NF}')" != "$SCHEMATHESIS_VERSION" ]; then
  python3 -m pip install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi

echo "browser deps: $(chromium --version 2>/dev/null | head -n1); playwright-core $wanted; $(schemathesis --version)"
