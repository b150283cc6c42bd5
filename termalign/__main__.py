"""``python -m termalign`` runs the command line."""

from termalign.cli import main

if __name__ == "__main__":
    main()
