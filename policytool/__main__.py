"""``python -m policytool``: the same as the ``policytool`` command."""

from policytool.cli import main

if __name__ == "__main__":
    main()
