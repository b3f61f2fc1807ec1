# Shared by scripts/run and scripts/test: create .venv and install FitCoach with the given extras.
# PyTorch goes first and stays pinned to the CPU build (scripts/constraints.txt): any unpinned
# request for torch would otherwise pull a multi-gigabyte CUDA build.
install_fitcoach() {
  local extras="$1"
  local python="${PYTHON:-python3}"
  if [ ! -x .venv/bin/python ]; then
    "$python" -m venv .venv
  fi
  local pip=(.venv/bin/python -m pip install --quiet --disable-pip-version-check)
  "${pip[@]}" --upgrade pip
  "${pip[@]}" torch==2.13.0
  PIP_CONSTRAINT="$PWD/scripts/constraints.txt" "${pip[@]}" -e ".[${extras}]"
  # xgrammar pulls in triton, which only GPUs use.
  if .venv/bin/python -m pip show triton >/dev/null 2>&1 && ! .venv/bin/python -c "import torch,sys; sys.exit(not torch.cuda.is_available())"; then
    .venv/bin/python -m pip uninstall --quiet -y triton
  fi
}

# Run models and embeddings offline: nothing may be fetched from a model hub.
export HF_HUB_OFFLINE=1 HF_DATASETS_OFFLINE=1 TRANSFORMERS_OFFLINE=1 HF_HUB_DISABLE_TELEMETRY=1
export TOKENIZERS_PARALLELISM=false
