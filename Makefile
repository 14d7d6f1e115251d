# Two commands do all the set-up on a fresh Debian machine: `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
STAMP := $(VENV)/.installed

.PHONY: demo test test-fast system venv bench lint clean

$(STAMP): pyproject.toml
	@[ -x $(BIN)/python ] || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	@touch $@

venv: $(STAMP)

# Debian packages the project needs: a real browser for JavaScript sites and browser tests, Tesseract
# with the Turkish model for scanned PDFs, and a font with Turkish glyphs for the sample documents.
system:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v tesseract >/dev/null 2>&1 || missing="$$missing tesseract-ocr"; \
	tesseract --list-langs 2>/dev/null | grep -qx tur || missing="$$missing tesseract-ocr-tur"; \
	[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing="$$missing fonts-dejavu-core"; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

demo: system venv
	$(BIN)/muniwatch demo

test: system venv
	$(BIN)/python -m pytest -q -p no:cacheprovider

test-fast: venv
	$(BIN)/python -m pytest -q -x -m "not slow and not browser and not realdata"

bench: system venv
	$(BIN)/python bench/recrawl.py
	$(BIN)/python bench/extract.py
	@[ ! -f bench/diff.py ] || $(BIN)/python bench/diff.py

clean:
	rm -rf muniwatch-data .pytest_cache
