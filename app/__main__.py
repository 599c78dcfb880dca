"""`python -m app`: the same as the `chain-designer` command."""

import sys

from app.cli import main

sys.exit(main())
