# Quick start: `make run` (set up + serve on embedded defaults), `make test` (set up + all tests).
VENV      ?= .venv
PYTHON    ?= python3
BIN       := $(VENV)/bin
STAMP     := $(VENV)/.installed
APT_PKGS  := tesseract-ocr tesseract-ocr-jpn tesseract-ocr-jpn-vert tesseract-ocr-script-jpan \
             tesseract-ocr-script-jpan-vert fonts-noto-cjk fonts-ipaexfont chromium poppler-utils \
             fonts-seto fonts-kiloji fonts-kouzan-mouhitsu fonts-vlgothic \
             libreoffice-writer-nogui libreoffice-calc-nogui dovecot-imapd
PYTEST_ARGS ?=

.PHONY: setup system-packages run test clean

setup: system-packages $(STAMP)

# Debian packages, installed only when missing (apt-get needs root or sudo).
system-packages:
	@bash scripts/install-system-packages.sh $(APT_PKGS)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: setup
	$(BIN)/intake db upgrade
	$(BIN)/intake serve --load-samples

test: setup
	$(BIN)/python -m pytest $(PYTEST_ARGS)

clean:
	rm -rf var .pytest_cache
