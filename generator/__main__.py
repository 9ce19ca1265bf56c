"""`python -m generator` is the `antwoord` command."""

from generator.cli import main

raise SystemExit(main())
