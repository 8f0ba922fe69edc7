"""Permet ``python -m gipkit``."""

from gipkit.entry import main

# garde : les processus qui dessinent les graphiques (lancés par « spawn ») réimportent
# ce module sous un autre nom ; ils ne doivent pas relancer la commande
if __name__ == "__main__":
    main()
