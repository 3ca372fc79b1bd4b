#!/bin/sh
# go-livepeer worker 'eu-gpu-1' of fleet 'global' on host 'eu-gpu-1'.
# Rendered by lpai-apply; re-render instead of editing. Plan hash: sha256:c2293f0d6a09d76ad22070641918d83ef34f8094177cf71e41f99fec6c9af117
# Run it on the host from any folder; it reads aiModels.json from beside itself.
set -eu
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
# Files that hold secrets are written here with mode 0600 at each launch.
run="${LPAI_RUN_DIR:-$here/run}"
umask 077
mkdir -p "$run"
: "${LLAMA_TOKEN:?set LLAMA_TOKEN: it holds a secret of eu-gpu-1}"
: "${ORCH_EU_SECRET:?set ORCH_EU_SECRET: it holds a secret of eu-gpu-1}"
# aiModels.json names its secrets by placeholder; fill them in, JSON-escaped.
awk 'function esc(s,   out, i, c) {
  out = ""
  for (i = 1; i <= length(s); i++) {
    c = substr(s, i, 1)
    if (c == "\\" || c == "\"") out = out "\\" c
    else if (c == "\n") out = out "\\n"
    else if (c == "\r") out = out "\\r"
    else if (c == "\t") out = out "\\t"
    else out = out c
  }
  return out
}
function trim(s) { sub(/^[ \t\r\n]+/, "", s); sub(/[ \t\r\n]+$/, "", s); return s }
function value(src, name,   v, line, n) {
  if (src == "env") { if (!(name in ENVIRON)) { print "unset secret " name > "/dev/stderr"; exit 1 }; return ENVIRON[name] }
  v = ""; n = 0
  while ((getline line < name) > 0) { v = v (n++ ? "\n" : "") line }
  close(name)
  if (n == 0) { print "cannot read secret file " name > "/dev/stderr"; exit 1 }
  return trim(v)
}
{
  out = ""
  while (match($0, /@@lpai-secret:(env|file):[^@]+@@/)) {
    ref = substr($0, RSTART + 14, RLENGTH - 16); split(ref, parts, ":")
    src = parts[1]; name = substr(ref, length(src) + 2)
    out = out substr($0, 1, RSTART - 1) esc(value(src, name)); $0 = substr($0, RSTART + RLENGTH)
  }
  print out $0
}' "$here/aiModels.json" > "$run/aiModels.json"
printf '%s' "$ORCH_EU_SECRET" > "$run/orchSecret"
# Replace the node's container if one runs already, as apply would.
docker rm -f lpai-global-eu-gpu-1 >/dev/null 2>&1 || true
docker run -d \
  --name lpai-global-eu-gpu-1 \
  --network host \
  --restart unless-stopped \
  --gpus all \
  --label io.lpai.files=aiModels.json=bb9db92ef9fd,orchSecret=e8ba2b7083c9 \
  --label io.lpai.fleet=global \
  --label io.lpai.hash=sha256:c2293f0d6a09d76ad22070641918d83ef34f8094177cf71e41f99fec6c9af117 \
  --label io.lpai.hash-scheme=1 \
  --label io.lpai.host=eu-gpu-1 \
  --label io.lpai.node=eu-gpu-1 \
  --label io.lpai.orchestrator=orch-eu \
  --label io.lpai.role=worker \
  -v /var/lib/livepeer/eu-gpu-1:/root/.lpData \
  -v /var/run/docker.sock:/var/run/docker.sock \
  -v "$run/aiModels.json:/etc/lpai/aiModels.json:ro" \
  -v "$run/orchSecret:/etc/lpai/orchSecret:ro" \
  livepeer/go-livepeer:v0.9.1 \
  -aiWorker \
  -orchAddr orch-eu.example.com:8935 \
  -orchSecret /etc/lpai/orchSecret \
  -aiModels /etc/lpai/aiModels.json \
  -aiModelsDir /srv/livepeer/models \
  -nvidia 0,1 \
  -aiRunnerImageOverrides '{"batch":{"audio-to-text":"livepeer/ai-runner:audio-to-text-v0.14.1","llm":"livepeer/ai-runner:llm-v0.14.1"},"default":"livepeer/ai-runner:v0.14.1"}'
