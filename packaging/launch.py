"""The bundle's entry script: PyInstaller freezes this, and it runs the `chain-designer` command."""

import sys

from app.cli import main

if __name__ == "__main__":
    sys.exit(main())
